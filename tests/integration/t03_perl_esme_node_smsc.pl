#!/usr/bin/perl
# Net::SMPP ESME -> smsfw -> node-smpp SMSC (peers/node-smsc.js): neither end is ours.
# Proves: the bind carries the ESME's credentials and returns the SMSC's system_id; submit_sm,
# data_sm, query_sm, replace_sm, cancel_sm, enquire_link and unbind are relayed and answered;
# every request the ESME wrote (except the bind) arrives at the SMSC byte-identical, including
# an unknown vendor TLV 0x1401, a 4,000-octet message_payload, a submit_sm with 30 vendor TLVs
# and the ESME's sequence numbers.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Harness;
use JSON::PP;

my $VENDOR_VALUE = "\x01\x02vendor\x00\xff\x7f";

run_test('t03_perl_esme_node_smsc', 50, sub {
  my $smsc = start_node_smsc('--record', '--system-id', 'NODE_X');
  my $proxy = start_smsfw("$smsc->{host}:$smsc->{port}");

  my $s = esme_connect($proxy, system_id => 'perl_x', password => 'px9', system_type => 'cross');
  my $b = wait_resp($s, $s->bind_transceiver(), 10, undef, 'bind_transceiver_resp');
  check_eq($b->{status}, 0, 'bind_transceiver_resp command_status');
  check_eq($b->{system_id}, 'NODE_X', 'bind_transceiver_resp system_id');

  $s->tap_on;
  my $sub = wait_resp($s, $s->submit_sm(seq => 1001, source_addr_ton => 5, source_addr => 'Cross',
      dest_addr_ton => 1, dest_addr_npi => 1, destination_addr => '66812345678', data_coding => 1,
      short_message => 'cross check', user_message_reference => pack('n', 4242),
      vendor_1401 => $VENDOR_VALUE), 10, undef, 'submit_sm_resp');
  check_eq($sub->{status}, 0, 'submit_sm_resp command_status');
  my $mid = $sub->{message_id};
  check(defined $mid && $mid =~ /^n\d+-[0-9A-F]+$/, "submit_sm_resp message_id from the node SMSC (got " . ($mid // 'undef') . ')');

  my $ds = wait_resp($s, $s->data_sm(seq => 1002, source_addr => 'Cross', destination_addr => '66812345679',
      data_coding => 1, message_payload => 'payload via data_sm', vendor_1401 => $VENDOR_VALUE),
    10, undef, 'data_sm_resp');
  check_eq(sprintf('0x%08x', $ds->{cmd}), '0x80000103', 'data_sm response command_id');
  check_eq($ds->{status}, 0, 'data_sm_resp command_status');
  check(length($ds->{message_id} // ''), 'data_sm_resp carries a message id');

  my $q = wait_resp($s, $s->query_sm(seq => 1003, message_id => $mid, source_addr => 'Cross'),
    10, undef, 'query_sm_resp');
  check_eq(sprintf('0x%08x', $q->{cmd}), '0x80000003', 'query_sm response command_id');
  check_eq($q->{status}, 0, 'query_sm_resp command_status');
  check_eq($q->{message_id}, $mid, 'query_sm_resp message_id');
  check_eq($q->{message_state}, 2, 'query_sm_resp message_state');

  my $r = wait_resp($s, $s->replace_sm(seq => 1004, message_id => $mid, source_addr => 'Cross',
      short_message => 'replaced text'), 10, undef, 'replace_sm_resp');
  check_eq(sprintf('0x%08x', $r->{cmd}), '0x80000007', 'replace_sm response command_id');
  check_eq($r->{status}, 0, 'replace_sm_resp command_status');

  my $c = wait_resp($s, $s->cancel_sm(seq => 1005, message_id => $mid, source_addr => 'Cross',
      destination_addr => '66812345678'), 10, undef, 'cancel_sm_resp');
  check_eq(sprintf('0x%08x', $c->{cmd}), '0x80000008', 'cancel_sm response command_id');
  check_eq($c->{status}, 0, 'cancel_sm_resp command_status');

  my $el = wait_resp($s, $s->enquire_link(seq => 1006), 10, undef, 'enquire_link_resp');
  check_eq(sprintf('0x%08x', $el->{cmd}), '0x80000015', 'enquire_link response command_id');

  # A long message_payload (beyond libsmpp34's 1,024-octet TLV cap) and a submit_sm with 30
  # small vendor TLVs (the case that overflows libsmpp34's trace buffer) must pass untouched.
  my $payload = join('', map { chr(32 + $_ % 90) } 0 .. 3999);
  my $lp = wait_resp($s, $s->submit_sm(seq => 1008, source_addr => 'Cross', destination_addr => '66812345670',
      data_coding => 1, short_message => '', message_payload => $payload), 10, undef, 'submit_sm_resp (long payload)');
  check_eq($lp->{status}, 0, 'submit_sm_resp (4,000-octet message_payload) command_status');
  my @many;
  for my $k (0 .. 29) {
    my $tag = 0x1410 + $k;
    $Net::SMPP::param_by_name{"vendor_$tag"} = $tag;
    push @many, "vendor_$tag" => pack('C', $k);
  }
  my $mt = wait_resp($s, $s->submit_sm(seq => 1009, source_addr => 'Cross', destination_addr => '66812345671',
      data_coding => 1, short_message => 'thirty tlvs', @many), 10, undef, 'submit_sm_resp (30 TLVs)');
  check_eq($mt->{status}, 0, 'submit_sm_resp (30 vendor TLVs) command_status');

  my $u = wait_resp($s, $s->unbind(seq => 1007), 10, undef, 'unbind_resp');
  check_eq(sprintf('0x%08x', $u->{cmd}), '0x80000006', 'unbind response command_id');
  expect_close($s, 5, 'after unbind_resp');

  stop_smsfw_clean($proxy);
  my ($code, $out) = Harness::stop_child($smsc->{child}, 10);
  my ($json) = grep { /^\{/ } split /\n/, $out;
  fail("node-smsc printed no summary (exit $code)") unless defined $json;
  my $sum = decode_json($json);

  check_eq(scalar @{ $sum->{binds} }, 1, 'binds at the SMSC');
  my $bind = $sum->{binds}[0];
  check_eq($bind->{command}, 'bind_transceiver', 'bind command at the SMSC');
  check_eq($bind->{system_id}, 'perl_x', 'system_id at the SMSC');
  check_eq($bind->{password}, 'px9', 'password at the SMSC');
  check_eq($bind->{system_type}, 'cross', 'system_type at the SMSC');

  my %got = map { ($_->{sequence_number} => $_) } grep { $_->{command} !~ /^bind_/ } @{ $sum->{received} };
  my @sent = $s->tapped;
  check_eq(scalar @sent, 9, 'requests written by the ESME');
  for my $raw (@sent) {
    my $h = parse_header($raw);
    my $g = $got{ $h->{seq} };
    check($g, sprintf('request cmd=0x%08x seq=%d never reached the SMSC', $h->{cmd}, $h->{seq}));
    check_eq($g->{hex}, hexstr($raw), "bytes of $g->{command} (seq $h->{seq}) at the SMSC");
  }
  check_eq(scalar keys %got, 9, 'requests received by the SMSC (besides the bind)');
  my $tlv = hexstr(pack('nn', 0x1401, length $VENDOR_VALUE) . $VENDOR_VALUE);
  for my $seq (1001, 1002) {
    check(index($got{$seq}{hex}, $tlv) >= 0, "vendor TLV 0x1401 intact in $got{$seq}{command} at the SMSC");
  }
});
