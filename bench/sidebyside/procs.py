"""Child processes of the side-by-side runner: started with a parent-death signal, tracked so
that every one of them is stopped on exit (normal, exception or Ctrl-C), and read through /proc
(CPU seconds, peak RSS)."""
import ctypes
import os
import re
import signal
import socket
import subprocess
import threading
import time

_children = []
_CLK_TCK = os.sysconf("SC_CLK_TCK")


def _die_with_parent():
    """preexec_fn: the child gets SIGKILL if the runner dies (prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except OSError:
        pass


class Server:
    """A long-running child (smsc-sim, a proxy). Its stdout and stderr go to `log_path`; the
    first stdout line matching `ready` (if given) is kept in `ready_match`."""

    def __init__(self, name, argv, log_path, ready=None, timeout=30.0):
        self.name = name
        self.argv = argv
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL,
                                     preexec_fn=_die_with_parent)
        _children.append(self)
        self.ready_match = None
        self._ready = threading.Event()
        self._pattern = re.compile(ready) if ready else None
        threading.Thread(target=self._drain, daemon=True).start()
        if self._pattern and not self._ready.wait(timeout):
            rc = self.proc.poll()
            self.stop()
            if rc is None:
                raise TimeoutError(f"{name}: not ready after {timeout:.0f} s")
            raise RuntimeError(f"{name}: exited {rc} before it was ready")

    def _drain(self):
        """Copies stdout to the log (so the pipe never fills) and watches for the ready line."""
        for line in self.proc.stdout:
            self.log.write(line)
            self.log.flush()
            if self._pattern and not self._ready.is_set():
                m = self._pattern.search(line.decode(errors="replace"))
                if m:
                    self.ready_match = m
                    self._ready.set()
        self._ready.set()

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stop(self, timeout=10.0):
        """SIGTERM, then SIGKILL after `timeout`; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self in _children:
            _children.remove(self)
        self.log.close()
        return self.proc.returncode


def stop_all():
    """Stops every child still running (newest first: proxies before the simulator)."""
    for s in list(reversed(_children)):
        try:
            s.stop(timeout=5)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def free_port():
    """A port the kernel considers free on 127.0.0.1 (for HAProxy, which cannot report one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def cpu_seconds(pid):
    """utime + stime of a process (all its threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK  # fields 14 and 15 of proc(5)


def reset_peak_rss(pid):
    """Resets VmHWM to the current RSS (writing 5 to clear_refs)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def status_kib(pid, key):
    """A `kB` field of /proc/PID/status (VmHWM, VmRSS)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None
