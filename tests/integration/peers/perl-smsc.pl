#!/usr/bin/perl
# Standalone Net::SMPP SMSC (new_listen, one forked child per connection, read_pdu loop).
#   perl-smsc.pl --listen 127.0.0.1:0 [--system-id ID] [--record DIR]
# Prints "perl-smsc listening on HOST:PORT". Answers binds, submit_sm, data_sm, query_sm,
# replace_sm, cancel_sm, enquire_link and unbind (unbind_resp, then close); unknown requests get
# generic_nack 0x03. With --record, every PDU received is appended to DIR/<pid>.jsonl as
# {"cmd":..,"seq":..,"hex":..} (hex = exact bytes as read). SIGTERM stops everything, exit 0.
use strict;
use warnings;
use Net::SMPP;
use JSON::PP;
use IO::Handle;
use POSIX qw(:sys_wait_h);

my %o = (listen => '127.0.0.1:0', system_id => 'PERL_SMSC');
while (@ARGV) {
  my $k = shift @ARGV;
  if ($k eq '--listen') { $o{listen} = shift @ARGV }
  elsif ($k eq '--system-id') { $o{system_id} = shift @ARGV }
  elsif ($k eq '--record') { $o{record} = shift @ARGV }
  else { die "perl-smsc: unknown argument $k\n" }
}
my ($host, $port) = split /:/, $o{listen};
my $srv = Net::SMPP->new_listen($host, port => $port, smpp_version => 0x34, async => 1,
  system_id => $o{system_id})
  or die "perl-smsc: listen on $o{listen}: $!\n";
STDOUT->autoflush(1);
printf "perl-smsc listening on %s:%d\n", $host, $srv->sockport;

my %kids;
my $parent = $$;
$SIG{CHLD} = sub { while ((my $p = waitpid(-1, WNOHANG)) > 0) { delete $kids{$p} } };
$SIG{TERM} = $SIG{INT} = sub {
  exit 0 unless $$ == $parent;
  kill 'TERM', keys %kids;
  exit 0;
};

while (1) {
  my $conn = $srv->accept;
  next unless $conn;   # EINTR (SIGCHLD)
  my $pid = fork;
  die "fork: $!" unless defined $pid;
  if ($pid) { $kids{$pid} = 1; close $conn; next }
  $SIG{TERM} = $SIG{INT} = sub { exit 0 };
  close $srv;
  serve($conn);
  exit 0;
}

sub serve {
  my ($c) = @_;
  $c->autoflush(1);
  my $rec;
  if ($o{record}) { open $rec, '>>', "$o{record}/$$.jsonl" or die "record: $!"; $rec->autoflush(1) }
  my $n = 0;
  local $SIG{__WARN__} = sub { };   # "premature eof" on close is expected
  while (my $pdu = $c->read_pdu) {
    my ($cmd, $seq) = ($pdu->{cmd}, $pdu->{seq});
    if ($rec) {
      my $raw = pack('NNNN', 16 + length($pdu->{data}), $cmd, $pdu->{status}, $seq) . $pdu->{data};
      print $rec encode_json({ cmd => $cmd, seq => $seq, hex => unpack('H*', $raw) }), "\n";
    }
    if    ($cmd == 0x00000001) { $c->bind_receiver_resp(seq => $seq, system_id => $o{system_id}) }
    elsif ($cmd == 0x00000002) { $c->bind_transmitter_resp(seq => $seq, system_id => $o{system_id}) }
    elsif ($cmd == 0x00000009) { $c->bind_transceiver_resp(seq => $seq, system_id => $o{system_id}) }
    elsif ($cmd == 0x00000004) { $c->submit_sm_resp(seq => $seq, message_id => sprintf('p%d-%05d', $$, ++$n)) }
    elsif ($cmd == 0x00000103) { $c->data_sm_resp(seq => $seq, message_id => sprintf('pd%d-%05d', $$, ++$n)) }
    elsif ($cmd == 0x00000003) {
      $c->query_sm_resp(seq => $seq, message_id => $pdu->{message_id}, final_date => '',
        message_state => 2, error_code => 0);
    }
    elsif ($cmd == 0x00000007) { $c->replace_sm_resp(seq => $seq) }
    elsif ($cmd == 0x00000008) { $c->cancel_sm_resp(seq => $seq) }
    elsif ($cmd == 0x00000015) { $c->enquire_link_resp(seq => $seq) }
    elsif ($cmd == 0x00000006) { $c->unbind_resp(seq => $seq); last }
    elsif ($cmd & 0x80000000) { }   # responses (deliver_sm_resp, ...) need no answer
    else { $c->generic_nack(seq => $seq, status => 0x03) }
  }
  close $c;
}
