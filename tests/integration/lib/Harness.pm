package Harness;
# Shared harness for the Net::SMPP integration tests: command line, process spawning (smsfw,
# smsc-sim, peers), "listening on HOST:PORT" parsing, cleanup on every exit path (END block,
# signals, watchdog), and helpers around Net::SMPP in async mode (read_pdu with a timeout).
#
# Command line understood by every Perl test:
#   --smsfw PATH  --smsc-sim PATH  [--direct] [--verbose]
# --direct (or SMSFW_DIRECT=1) skips the proxy: ESMEs connect straight to the SMSC peer (peer
# development only; proxy-only assertions are skipped).
use strict;
use warnings;
use Exporter 'import';
use File::Temp qw(tempdir);
use File::Basename qw(dirname);
use File::Spec;
use IO::Select;
use IO::Socket::INET;
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(time sleep);
use Net::SMPP;

our @EXPORT = qw(run_test check check_eq fail skip_test opts logmsg
  start_smsfw stop_smsfw_clean pattern_dir start_smsc_sim start_node_smsc spawn_child wait_listening
  stop_child closed_port esme_connect read_pdu_timeout wait_resp expect_close
  raw_pdu hexstr parse_header);

our $DIR = File::Spec->rel2abs(File::Spec->catdir(dirname(__FILE__), '..'));
my $MAIN_PID = $$;
my %OPT = (direct => ($ENV{SMSFW_DIRECT} // '') eq '1', verbose => ($ENV{SMSFW_ITEST_VERBOSE} // '') eq '1');
my @CHILDREN;
my $TMP = tempdir('smsfw-itest-XXXXXX', TMPDIR => 1, CLEANUP => 1);

# A vendor-specific TLV Net::SMPP does not know: registering the name makes encode_optional_params
# send the value as raw bytes (numeric tags would be packed as integers).
use constant VENDOR_TLV_TAG => 0x1401;
$Net::SMPP::param_by_name{vendor_1401} = VENDOR_TLV_TAG;

sub opts { \%OPT }
sub logmsg { print STDERR "[test] @_\n" if $OPT{verbose} }

sub fail { die { fail => join('', @_) } }
sub skip_test { die { skip => join('', @_) } }
sub check { my ($c, $msg) = @_; fail($msg) unless $c; }
sub check_eq {
  my ($got, $want, $what) = @_;
  $got = '<undef>' unless defined $got;
  fail("$what: expected '$want', got '$got'") unless $got eq $want;
}
sub hexstr { unpack 'H*', $_[0] }

sub parse_args {
  my @a = @_;
  while (@a) {
    my $k = shift @a;
    if ($k eq '--smsfw') { $OPT{smsfw} = shift @a }
    elsif ($k eq '--smsc-sim') { $OPT{smsc_sim} = shift @a }
    elsif ($k eq '--direct') { $OPT{direct} = 1 }
    elsif ($k eq '--verbose') { $OPT{verbose} = 1 }
    else { die "unknown argument $k\n" }
  }
}

# ----------------------------------------------------------------------------------------------
# Processes. stdout and stderr go to files, so a child can never block on a full pipe.

sub spawn_child {
  my ($name, @cmd) = @_;
  my $n = scalar @CHILDREN;
  my $out = "$TMP/$n-$name.out";
  my $err = "$TMP/$n-$name.err";
  logmsg("spawn $name: @cmd");
  my $pid = fork;
  die "fork: $!" unless defined $pid;
  if (!$pid) {
    open STDIN, '<', '/dev/null';
    open STDOUT, '>', $out or POSIX::_exit(127);
    open STDERR, '>', $err or POSIX::_exit(127);
    exec @cmd or do { print STDERR "exec @cmd: $!\n"; POSIX::_exit(127) };
  }
  my $c = { name => $name, pid => $pid, out => $out, err => $err, cmd => "@cmd" };
  push @CHILDREN, $c;
  return $c;
}

sub slurp { my $f = shift; open my $fh, '<', $f or return ''; local $/; my $s = <$fh>; return $s // '' }

sub reap {
  my ($c) = @_;
  return 1 if defined $c->{status};
  my $r = waitpid($c->{pid}, WNOHANG);
  if ($r == $c->{pid}) { $c->{status} = $?; return 1 }
  return 0;
}

sub wait_listening {
  my ($c, $secs) = @_;
  my $end = time + ($secs // 15);
  while (1) {
    if (slurp($c->{out}) =~ /listening on ([0-9.]+):(\d+)/) {
      @$c{qw(host port)} = ($1, $2);
      return ($1, $2);
    }
    fail("$c->{name} exited (status $c->{status}) before listening") if reap($c);
    fail("$c->{name} printed no 'listening on' line within ${secs}s") if time > $end;
    sleep 0.01;
  }
}

# SIGTERM, SIGKILL after $secs. Returns (exit code or -signal, stdout text).
sub stop_child {
  my ($c, $secs) = @_;
  kill 'TERM', $c->{pid} unless reap($c);
  my $end = time + ($secs // 10);
  until (reap($c)) {
    if (time > $end) { kill 'KILL', $c->{pid}; waitpid($c->{pid}, 0); $c->{status} = $?; last }
    sleep 0.01;
  }
  my $st = $c->{status};
  my $code = ($st & 127) ? -($st & 127) : ($st >> 8);
  return ($code, slurp($c->{out}));
}

# start_smsfw([{ args => [extra arguments] },] "host:port"...)
sub start_smsfw {
  my $o = ref $_[0] eq 'HASH' ? shift : {};
  my (@upstreams) = @_;   # "host:port" strings
  if ($OPT{direct}) { my ($h, $p) = split /:/, $upstreams[0]; return { host => $h, port => $p } }
  fail('--smsfw PATH is required (or --direct)') unless $OPT{smsfw};
  my $c = spawn_child('smsfw', $OPT{smsfw}, 'run', '--listen', '127.0.0.1:0',
    (map { ('--upstream', $_) } @upstreams), '--threads', '1', @{ $o->{args} || [] });
  my ($h, $p) = wait_listening($c, 15);
  return { host => $h, port => $p, child => $c };
}

# A pattern directory (under the test's temp dir, removed at exit) holding name => content.
sub pattern_dir {
  my (%files) = @_;
  my $dir = tempdir('patterns-XXXXXX', DIR => $TMP);
  for my $name (sort keys %files) {
    open my $fh, '>:raw', "$dir/$name" or die "write $dir/$name: $!";
    print $fh $files{$name};
    close $fh or die "close $dir/$name: $!";
  }
  return $dir;
}

sub stop_smsfw_clean {
  my ($proxy) = @_;
  return unless $proxy->{child};
  my ($code) = stop_child($proxy->{child}, 10);
  check_eq($code, 0, 'smsfw exit code after SIGTERM');
}

sub start_smsc_sim {
  my (@extra) = @_;
  fail('--smsc-sim PATH is required') unless $OPT{smsc_sim};
  my $c = spawn_child('smsc-sim', $OPT{smsc_sim}, '--listen', '127.0.0.1:0', @extra);
  my ($h, $p) = wait_listening($c, 15);
  return { host => $h, port => $p, child => $c };
}

# node-smpp SMSC peer (peers/node-smsc.js). Its stop prints a JSON summary.
sub start_node_smsc {
  my (@extra) = @_;
  my $c = spawn_child('node-smsc', 'node', "$DIR/peers/node-smsc.js", '--listen', '127.0.0.1:0', @extra);
  my ($h, $p) = wait_listening($c, 15);
  return { host => $h, port => $p, child => $c };
}

sub closed_port {
  my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0, Listen => 1, Proto => 'tcp')
    or die "listen: $!";
  my $p = $s->sockport;
  close $s;
  return $p;
}

# ----------------------------------------------------------------------------------------------
# Net::SMPP helpers. Sessions are TapSMPP objects: Net::SMPP in async mode that keeps a copy of
# every PDU it writes (tap_on / tapped).

sub esme_connect {
  my ($addr, %o) = @_;
  my $s = TapSMPP->new_connect($addr->{host}, port => $addr->{port}, async => 1, timeout => 5,
    smpp_version => 0x34, %o)
    or fail("connect to $addr->{host}:$addr->{port} failed: $!");
  return $s;
}

# The bytes of a PDU as read by read_pdu (header rebuilt, body as received).
sub raw_pdu {
  my ($pdu) = @_;
  return pack('NNNN', 16 + length($pdu->{data}), $pdu->{cmd}, $pdu->{status}, $pdu->{seq}) . $pdu->{data};
}

sub parse_header { my ($len, $cmd, $status, $seq) = unpack 'NNNN', $_[0]; return { len => $len, cmd => $cmd, status => $status, seq => $seq } }

# read_pdu, or undef after $secs without data. On EOF returns 'EOF'.
sub read_pdu_timeout {
  my ($s, $secs) = @_;
  my $sel = IO::Select->new($s);
  return undef unless $sel->can_read($secs);
  my $pdu;
  {
    local $SIG{__WARN__} = sub { logmsg("Net::SMPP: @_") };
    $pdu = $s->read_pdu();
  }
  return $pdu if $pdu;
  return 'EOF';
}

# Reads PDUs until the response with this seq arrives (returned). Answers enquire_link itself;
# other PDUs go to $on_other->($pdu) (a deliver_sm must be answered there). Fails on timeout/EOF.
sub wait_resp {
  my ($s, $seq, $secs, $on_other, $what) = @_;
  $what //= "response to seq $seq";
  my $end = time + ($secs // 10);
  while (1) {
    my $left = $end - time;
    fail("timeout waiting for $what") if $left <= 0;
    my $pdu = read_pdu_timeout($s, $left);
    fail("timeout waiting for $what") unless defined $pdu;
    fail("connection closed while waiting for $what") if !ref $pdu;
    return $pdu if ($pdu->{cmd} & 0x80000000) && $pdu->{seq} == $seq;
    if ($pdu->{cmd} == 0x00000015) { $s->enquire_link_resp(seq => $pdu->{seq}); next }
    if ($on_other) { $on_other->($pdu); next }
    fail(sprintf('unexpected PDU cmd=0x%08x seq=%d while waiting for %s', $pdu->{cmd}, $pdu->{seq}, $what));
  }
}

# Expects the peer to close within $secs (PDUs still arriving go to $on_pdu, or fail).
sub expect_close {
  my ($s, $secs, $what, $on_pdu) = @_;
  my $end = time + $secs;
  while (1) {
    my $left = $end - time;
    fail("$what: connection still open after ${secs}s") if $left <= 0;
    my $pdu = read_pdu_timeout($s, $left);
    next unless defined $pdu;
    return 1 if !ref $pdu;
    if ($on_pdu) { $on_pdu->($pdu); next }
    fail(sprintf('%s: unexpected PDU cmd=0x%08x seq=%d before close', $what, $pdu->{cmd}, $pdu->{seq}));
  }
}

# ----------------------------------------------------------------------------------------------
# Running one test.

sub cleanup {
  return unless $$ == $MAIN_PID;
  for my $c (@CHILDREN) {
    next if reap($c);
    kill 'KILL', $c->{pid};
    waitpid($c->{pid}, 0);
    $c->{status} = $?;
  }
}

sub dump_children {
  for my $c (@CHILDREN) {
    my $st = defined $c->{status} ? $c->{status} : 'running';
    print STDERR "----- $c->{name} ($c->{cmd}) status=$st\n";
    my $out = slurp($c->{out});
    my @out = split /\n/, $out;
    @out = @out[-20 .. -1] if @out > 20;
    print STDERR "stdout (tail):\n", join("\n", @out), "\n" if @out;
    my @err = split /\n/, slurp($c->{err});
    @err = @err[-40 .. -1] if @err > 40;
    print STDERR "stderr (tail):\n", join("\n", grep { defined } @err), "\n";
  }
}

sub run_test {
  my ($name, $timeout, $body) = @_;
  eval { parse_args(@ARGV); 1 } or do { print STDERR "FAIL $name: $@"; exit 2 };
  $SIG{PIPE} = 'IGNORE';
  $SIG{TERM} = $SIG{INT} = sub { die { fail => "got signal $_[0]" } };
  $SIG{ALRM} = sub { die { fail => "watchdog fired after ${timeout}s" } };
  my $t0 = time;
  alarm $timeout;
  my $ok = eval { $body->(\%OPT); 1 };
  my $err = $@;
  alarm 0;
  if ($ok) {
    printf "PASS %s%s in %.0f ms\n", $name, $OPT{direct} ? ' (direct, no proxy)' : '', (time - $t0) * 1000;
    cleanup();
    exit 0;
  }
  if (ref $err eq 'HASH' && $err->{skip}) { print "SKIP $name: $err->{skip}\n"; cleanup(); exit 0 }
  my $msg = ref $err eq 'HASH' ? $err->{fail} : "died: $err";
  print STDERR "FAIL $name: $msg\n";
  dump_children();
  cleanup();
  exit 1;
}

END { my $rc = $?; cleanup(); $? = $rc; }

package TapSMPP;
# Net::SMPP that records what it writes when tap_on is set.
our @ISA = ('Net::SMPP');

sub tap_on { my $me = shift; ${*$me}{tap_on} = 1; ${*$me}{tapped} = [] }
sub tapped { my $me = shift; return @{ ${*$me}{tapped} || [] } }

sub syswrite {
  my $me = shift;
  push @{ ${*$me}{tapped} }, $_[0] if ${*$me}{tap_on};
  my $n = $me->SUPER::syswrite(@_);
  Harness::fail("syswrite: $!") unless defined $n && $n == length($_[0]);
  return $n;
}

1;
