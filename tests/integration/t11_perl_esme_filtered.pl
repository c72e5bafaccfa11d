#!/usr/bin/perl
# Net::SMPP ESME (async, read_pdu loop) -> smsfw --patterns DIR -> smsc-sim --dlr.
# Proves, with an SMPP implementation nobody here wrote on the ESME side: a blocked submit_sm
# (a rule without status: the account default 0x45; a set with `status: 0x58`) is answered
# with that command_status, the ESME's sequence number and no message id, and no receipt ever
# comes for it although registered_delivery asked for one; clean submit_sm (GSM and UCS-2 Thai)
# get smsc-sim's message ids and exactly one receipt each; smsc-sim's counters show that only
# the clean messages reached it; smsfw exits 0 on SIGTERM.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Harness;
use Time::HiRes qw(time);
use JSON::PP;
use Encode qw(encode);

my $RULES_A = <<'EOF';
set: itest-perl-a
version: t11-1
status: 0x58
rules:
  - id: BLK-LOTTERY
    pattern: 'lottery\s+winner'
    action: block
    description: lottery scam, the set's status
EOF
my $RULES_B = <<'EOF';
set: itest-perl-b
version: t11-1
rules:
  - id: BLK-KBANK
    pattern: 'verify\s+your\s+kbank'
    action: block
    description: bank impersonation, the account's block_status
EOF

run_test('t11_perl_esme_filtered', 50, sub {
  skip_test('judging needs the proxy') if opts()->{direct};
  my $sim = start_smsc_sim('--dlr');
  my $dir = pattern_dir('10-a.yaml' => $RULES_A, '20-b.yaml' => $RULES_B);
  my $proxy = start_smsfw({ args => ['--patterns', $dir] }, "$sim->{host}:$sim->{port}");

  my $s = esme_connect($proxy, system_id => 'perl_filtered', password => 'secret');
  my $b = wait_resp($s, $s->bind_transceiver(), 10, undef, 'bind_transceiver_resp');
  check_eq($b->{status}, 0, 'bind_transceiver_resp command_status');

  my @msgs = (
    { seq => 0x00b00001, text => 'Please verify your KBank account now', dc => 0, status => 0x45 },
    { seq => 0x00b00002, text => 'Meeting moved to 3pm, see you there', dc => 0, status => 0 },
    { seq => 0x00b00003, text => 'You are this week\'s lottery winner!', dc => 0, status => 0x58 },
    { seq => 0x00b00004, text => encode('UTF-16BE', "\x{0e2a}\x{0e27}\x{0e31}\x{0e2a}\x{0e14}\x{0e35} clean Thai"), dc => 8, status => 0 },
    { seq => 0x00b00005, text => 'VERIFY   YOUR   KBANK details', dc => 0, status => 0x45 },
  );
  my (%resp, %receipts, @bad);
  my $on_pdu = sub {
    my ($pdu) = @_;
    if ($pdu->{cmd} == 0x80000004) {
      push @{ $resp{$pdu->{seq}} }, $pdu;
    } elsif ($pdu->{cmd} == 0x00000005) {
      $s->deliver_sm_resp(seq => $pdu->{seq}, message_id => '');
      my $rid = $pdu->{receipted_message_id};
      $rid =~ s/\0+\z// if defined $rid;
      my ($tid) = ($pdu->{short_message} // '') =~ /\bid:(\S+)/;
      push @bad, "deliver_sm esm_class $pdu->{esm_class} is not a receipt" unless ($pdu->{esm_class} & 0x3c) == 0x04;
      my $id = defined $rid ? $rid : $tid;
      push @bad, 'receipt without id' unless defined $id;
      $receipts{$id}++ if defined $id;
    } elsif ($pdu->{cmd} == 0x00000015) {
      $s->enquire_link_resp(seq => $pdu->{seq});
    } else {
      push @bad, sprintf('unexpected PDU cmd=0x%08x seq=%d', $pdu->{cmd}, $pdu->{seq});
    }
  };
  for my $m (@msgs) {
    $s->submit_sm(seq => $m->{seq}, source_addr_ton => 1, source_addr_npi => 1, source_addr => '66811112222',
      dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '66899990000',
      registered_delivery => 1, data_coding => $m->{dc}, short_message => $m->{text});
  }
  my @clean = grep { !$_->{status} } @msgs;
  my $end = time + 15;
  my $done = sub {
    return 0 if grep { !$resp{$_->{seq}} } @msgs;
    return !grep { !$receipts{ $resp{$_->{seq}}[0]{message_id} // '' } } @clean;
  };
  until ($done->()) {
    fail('timeout: responses for seq ' . join(',', map { $_->{seq} } grep { !$resp{$_->{seq}} } @msgs) .
      ', receipts ' . scalar(keys %receipts) . '/' . scalar(@clean)) if time > $end;
    my $pdu = read_pdu_timeout($s, 0.5);
    fail('connection closed while waiting for responses and receipts') if defined $pdu && !ref $pdu;
    $on_pdu->($pdu) if ref $pdu;
  }
  # Quiet period: a second response or a receipt for a blocked message would arrive here.
  my $quiet = time + 1;
  while (time < $quiet) {
    my $pdu = read_pdu_timeout($s, $quiet - time);
    fail('connection closed during the quiet period') if defined $pdu && !ref $pdu;
    $on_pdu->($pdu) if ref $pdu;
  }
  fail(join('; ', @bad)) if @bad;

  my %ids;
  for my $m (@msgs) {
    my @r = @{ $resp{$m->{seq}} };
    check_eq(scalar(@r), 1, "submit_sm_resp count for seq $m->{seq}");
    my $r = $r[0];
    check_eq(sprintf('0x%x', $r->{status}), sprintf('0x%x', $m->{status}), "submit_sm_resp command_status for seq $m->{seq}");
    if ($m->{status}) {
      check($r->{data} eq '' || $r->{data} eq "\0",
        "blocked seq $m->{seq}: message_id must be empty (body " . unpack('H*', $r->{data}) . ')');
    } else {
      check(length($r->{message_id} // ''), "clean seq $m->{seq}: submit_sm_resp carries a message id");
      $ids{ $r->{message_id} } = 1;
      check_eq($receipts{ $r->{message_id} } // 0, 1, "receipts for message id $r->{message_id}");
    }
  }
  my @stray = grep { !$ids{$_} } keys %receipts;
  check(!@stray, "receipts for no clean message: @stray");
  check_eq(scalar(keys %receipts), scalar(@clean), 'distinct receipted ids');

  my $u = wait_resp($s, $s->unbind(), 10, $on_pdu, 'unbind_resp');
  check_eq($u->{status}, 0, 'unbind_resp command_status');
  expect_close($s, 5, 'transceiver after unbind_resp');

  stop_smsfw_clean($proxy);
  my ($code, $out) = Harness::stop_child($sim->{child}, 10);
  my ($json) = grep { /^\s*\{/ } split /\n/, $out;
  fail("smsc-sim printed no JSON summary on SIGTERM (stdout: $out)") unless defined $json;
  my $c = eval { decode_json($json) } or fail("smsc-sim summary is not JSON: $json");
  $c = $c->{counters} if ref $c->{counters} eq 'HASH';
  check_eq($c->{submit_sm}, scalar(@clean), 'smsc-sim counter submit_sm (only the clean messages)');
  check_eq($c->{receipts_sent}, scalar(@clean), 'smsc-sim counter receipts_sent');
  check_eq($c->{receipt_acks}, scalar(@clean), 'smsc-sim counter receipt_acks');
});
