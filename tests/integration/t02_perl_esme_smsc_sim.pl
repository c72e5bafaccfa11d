#!/usr/bin/perl
# Net::SMPP ESME (async, read_pdu loop) -> smsfw -> smsc-sim --dlr.
# Proves: bind_transmitter, bind_receiver and bind_transceiver succeed through the proxy;
# 1,000 submit_sm with registered_delivery=1 on the transceiver are each answered exactly once,
# with the ESME's own sequence numbers, status 0 and distinct message ids; one delivery receipt
# per message comes back carrying those ids; enquire_link and unbind round-trip; smsc-sim's own
# counters agree.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Harness;
use Time::HiRes qw(time);
use JSON::PP;

my $N = 1000;
my $WINDOW = 50;
my $SEQ_BASE = 0x00200000;

run_test('t02_perl_esme_smsc_sim', 100, sub {
  my $sim = start_smsc_sim('--dlr');
  my $proxy = start_smsfw("$sim->{host}:$sim->{port}");

  # --- transmitter and receiver binds -------------------------------------------------------
  for my $kind (qw(transmitter receiver)) {
    my $s = esme_connect($proxy, system_id => "perl_$kind", password => 'secret');
    my $m = "bind_$kind";
    my $seq = $s->$m();
    my $r = wait_resp($s, $seq, 10, undef, "bind_${kind}_resp");
    check_eq(sprintf('0x%08x', $r->{cmd}), sprintf('0x%08x', { transmitter => 0x80000002, receiver => 0x80000001 }->{$kind}),
      "bind_$kind response command_id");
    check_eq($r->{status}, 0, "bind_${kind}_resp command_status");
    check(defined $r->{system_id} && length $r->{system_id}, "bind_${kind}_resp carries the SMSC system_id");
    my $u = wait_resp($s, $s->unbind(), 10, undef, 'unbind_resp');
    check_eq(sprintf('0x%08x', $u->{cmd}), '0x80000006', "$kind: unbind response command_id");
    expect_close($s, 5, "$kind after unbind_resp");
  }

  # --- transceiver: 1,000 submit_sm with receipts --------------------------------------------
  my $s = esme_connect($proxy, system_id => 'perl_trx', password => 'secret');
  my $b = wait_resp($s, $s->bind_transceiver(), 10, undef, 'bind_transceiver_resp');
  check_eq(sprintf('0x%08x', $b->{cmd}), '0x80000009', 'bind_transceiver response command_id');
  check_eq($b->{status}, 0, 'bind_transceiver_resp command_status');

  my (%outstanding, %msgid_of, %receipts, @bad);
  my ($sent, $answered) = (0, 0);
  my $on_pdu = sub {
    my ($pdu) = @_;
    my $cmd = $pdu->{cmd};
    if ($cmd == 0x80000004) {   # submit_sm_resp
      my $i = delete $outstanding{$pdu->{seq}};
      if (!defined $i) { push @bad, "submit_sm_resp with unknown or repeated seq $pdu->{seq}"; return }
      push @bad, "submit_sm_resp #$i status $pdu->{status}" if $pdu->{status};
      $msgid_of{$i} = $pdu->{message_id};
      $answered++;
    } elsif ($cmd == 0x00000005) {   # deliver_sm
      $s->deliver_sm_resp(seq => $pdu->{seq}, message_id => '');
      my $rid = $pdu->{receipted_message_id};
      $rid =~ s/\0+\z// if defined $rid;
      my ($tid) = ($pdu->{short_message} // '') =~ /\bid:(\S+)/;
      push @bad, "deliver_sm esm_class $pdu->{esm_class} is not a receipt" unless ($pdu->{esm_class} & 0x3c) == 0x04;
      my $id = defined $rid ? $rid : $tid;
      push @bad, "receipt without id: $pdu->{short_message}" unless defined $id;
      push @bad, "receipt TLV id $rid != text id $tid" if defined $rid && defined $tid && lc $rid ne lc $tid;
      $receipts{$id}++ if defined $id;
    } elsif ($cmd == 0x00000015) {
      $s->enquire_link_resp(seq => $pdu->{seq});
    } else {
      push @bad, sprintf('unexpected PDU cmd=0x%08x seq=%d', $cmd, $pdu->{seq});
    }
  };

  my $end = time + 60;
  while ($answered < $N) {
    while ($sent < $N && keys(%outstanding) < $WINDOW) {
      my $i = $sent++;
      my $seq = $SEQ_BASE + 7 * $i;
      $outstanding{$seq} = $i;
      $s->submit_sm(seq => $seq, source_addr_ton => 5, source_addr => 'PerlTest',
        dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => sprintf('66820%06d', $i),
        registered_delivery => 1, data_coding => 1, short_message => "perl message $i");
    }
    fail("$answered/$N submit_sm_resp after 60s") if time > $end;
    my $pdu = read_pdu_timeout($s, $end - time);
    fail("connection closed after $answered/$N submit_sm_resp") if defined $pdu && !ref $pdu;
    $on_pdu->($pdu) if ref $pdu;
    fail(join('; ', @bad[0 .. ($#bad < 4 ? $#bad : 4)])) if @bad;
  }
  my %ids = map { $_ => 1 } values %msgid_of;
  check_eq(scalar(keys %ids), $N, 'distinct message ids in submit_sm_resp');
  check(!grep({ !length } keys %ids), 'every submit_sm_resp has a message id');

  while (keys(%receipts) < $N) {
    fail(scalar(keys %receipts) . "/$N receipts after 60s") if time > $end + 30;
    my $pdu = read_pdu_timeout($s, 1);
    fail('connection closed while waiting for receipts') if defined $pdu && !ref $pdu;
    $on_pdu->($pdu) if ref $pdu;
    fail(join('; ', @bad[0 .. ($#bad < 4 ? $#bad : 4)])) if @bad;
  }
  # Ids may differ in case or leading zeros between resp and receipt only if the SMSC does so;
  # smsc-sim uses the same string in both, so compare exactly.
  for my $id (keys %ids) { check_eq($receipts{$id} // 0, 1, "receipts for message id $id") }
  check_eq(scalar(keys %receipts), $N, 'distinct receipted ids');

  # --- enquire_link and unbind ----------------------------------------------------------------
  my $el = wait_resp($s, $s->enquire_link(seq => 0x7fff0001), 10, $on_pdu, 'enquire_link_resp');
  check_eq(sprintf('0x%08x', $el->{cmd}), '0x80000015', 'enquire_link response command_id');
  check_eq($el->{status}, 0, 'enquire_link_resp command_status');
  my $u = wait_resp($s, $s->unbind(), 10, $on_pdu, 'unbind_resp');
  check_eq(sprintf('0x%08x', $u->{cmd}), '0x80000006', 'unbind response command_id');
  check_eq($u->{status}, 0, 'unbind_resp command_status');
  expect_close($s, 5, 'transceiver after unbind_resp');
  fail(join('; ', @bad)) if @bad;

  stop_smsfw_clean($proxy);
  # smsc-sim's view (keys checked only where it reports them).
  my ($code, $out) = Harness::stop_child($sim->{child}, 10);
  my ($json) = grep { /^\s*\{/ } split /\n/, $out;
  if (defined $json) {
    my $c = eval { decode_json($json) } or fail("smsc-sim summary is not JSON: $json");
    $c = $c->{counters} if ref $c->{counters} eq 'HASH';
    check_eq($c->{submit_sm}, $N, 'smsc-sim counter submit_sm') if exists $c->{submit_sm};
    check_eq($c->{receipts_sent}, $N, 'smsc-sim counter receipts_sent') if exists $c->{receipts_sent};
    check_eq($c->{receipt_acks}, $N, 'smsc-sim counter receipt_acks (deliver_sm_resp relayed back)') if exists $c->{receipt_acks};
    check_eq($c->{unbind}, 3, 'smsc-sim counter unbind') if exists $c->{unbind};
    check(($c->{enquire_link} // 1) >= 1, 'enquire_link reached smsc-sim') ;
    check_eq($c->{generic_nacks_sent}, 0, 'smsc-sim counter generic_nacks_sent') if exists $c->{generic_nacks_sent};
    if (exists $c->{binds}) {
      my $binds = ref $c->{binds} eq 'ARRAY' ? scalar @{ $c->{binds} } : $c->{binds};
      check_eq($binds, 3, 'smsc-sim counter binds');
    }
  } else {
    fail("smsc-sim printed no JSON summary on SIGTERM (stdout: $out)");
  }
});
