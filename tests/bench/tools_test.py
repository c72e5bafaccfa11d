#!/usr/bin/env python3
"""Tool-level tests of the bench tools: the real smsc-sim and smpp-load (and smsfw) on loopback.

Proves that smpp-load's --json report and exit status, and smsc-sim's SIGTERM counters, tell
the truth about a run: full receipt round trips (direct and through the proxy), injected errors
counted by status, a dropped connection failing the run, --delay-ms showing in the latency,
the open-loop schedule, UCS-2 texts from a file on the wire, and usage errors.

Usage: tools_test.py --smsc-sim PATH --smpp-load PATH [--smsfw PATH] SCENARIO
Standard library only. Ports are picked by the kernel; every process started here is killed on
exit (and if this script dies, by PR_SET_PDEATHSIG). Timing is only asserted as lower bounds
or schedule counts, never as throughput.
"""

import argparse
import ctypes
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

TOOLS = {}
PROCS = []
TMP = tempfile.TemporaryDirectory(prefix="smsfw-bench-tools-")


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)
    print(f"ok   {what}")


# ---- processes ------------------------------------------------------------------------------

def _die_with_parent():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: no orphan outlives a killed test


def kill_all():
    for p in PROCS:
        if p.poll() is None:
            p.kill()
            p.wait()


def on_signal(signo, _frame):
    kill_all()
    sys.exit(128 + signo)


def start_server(name, args, banner):
    """Starts a server whose stdout goes to a file; returns (process, port, stdout path)."""
    out_path = os.path.join(TMP.name, f"{name}-{len(PROCS)}.out")
    err_path = out_path[:-4] + ".err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        p = subprocess.Popen(args, stdout=out, stderr=err, preexec_fn=_die_with_parent)
    PROCS.append(p)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        m = re.search(banner + r" listening on [^\s]+:(\d+)\n", read(out_path))
        if m:
            return p, int(m.group(1)), out_path
        if p.poll() is not None:
            raise Failure(f"{name} exited with {p.returncode}: {read(err_path)}")
        time.sleep(0.02)
    raise Failure(f"{name} did not print its listening line")


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def sim(*extra):
    p, port, out = start_server("smsc-sim", [TOOLS["smsc_sim"], "--listen", "127.0.0.1:0", *extra], "smsc-sim")
    return p, port, out


def stop_sim(p, out_path):
    """SIGTERM: smsc-sim must exit 0 and print one JSON line of counters."""
    p.send_signal(signal.SIGTERM)
    rc = p.wait(timeout=10)
    check(rc == 0, f"smsc-sim exits 0 on SIGTERM (got {rc})")
    lines = [l for l in read(out_path).splitlines() if l.startswith("{")]
    check(len(lines) == 1, "smsc-sim prints one counters line")
    return json.loads(lines[0])


def load(port, *extra, timeout=60):
    """Runs smpp-load --json; returns (exit status, report, stderr)."""
    args = [TOOLS["smpp_load"], "--target", f"127.0.0.1:{port}", "--json", *extra]
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
    PROCS.append(p)
    out, err = p.communicate(timeout=timeout)
    text = out.decode()
    report = json.loads(text) if text.strip() else None
    print(f"     smpp-load {' '.join(extra)} -> {p.returncode}: {text.strip()} {err.decode().strip()}")
    return p.returncode, report, err.decode()


def check_report_shape(r):
    keys = {"binds", "window", "rate", "sent", "answered", "ok", "outstanding", "errors", "generic_nacks",
            "unexpected", "warmup_sent", "warmup_answered", "receipts", "receipts_expected", "mo",
            "enquire_links", "elapsed_s", "msgs_per_s", "latency_us", "result"}
    check(keys <= set(r), "the report has every documented field")
    check(set(r["latency_us"]) == {"p50", "p99", "p999", "max", "mean"}, "latency_us has p50 p99 p999 max mean")
    check(isinstance(r["errors"], dict), "errors is an object")


def check_clean(r, n, receipts):
    check_report_shape(r)
    check(r["result"] == "ok", "result ok")
    check(r["sent"] == n and r["answered"] == n and r["ok"] == n, f"sent = answered = ok = {n}")
    check(r["outstanding"] == 0 and r["unexpected"] == 0 and r["errors"] == {}, "nothing outstanding, unexpected or failed")
    check(r["receipts"] == receipts and r["receipts_expected"] == receipts, f"receipts = receipts_expected = {receipts}")


SIM_KEYS = ["binds", "submit_sm", "data_sm", "submit_multi", "responses_sent", "errors_injected", "receipts_sent",
            "receipt_acks", "enquire_link", "unbind", "connections", "receipts_unroutable", "other_responses",
            "generic_nacks_sent"]


def check_counters(c, **expected):
    check(list(c) == SIM_KEYS, "smsc-sim counters: every documented field, in order")
    got = {k: c[k] for k in expected}
    check(got == expected, f"smsc-sim counters {expected}")


# ---- scenarios ------------------------------------------------------------------------------

def scenario_dlr():
    p, port, out = sim("--dlr")
    rc, r, _ = load(port, "--count", "20000", "--window", "10", "--dlr")
    check(rc == 0, "smpp-load exits 0")
    check_clean(r, 20000, 20000)
    c = stop_sim(p, out)
    check_counters(c, binds=1, connections=1, submit_sm=20000, responses_sent=20002, receipts_sent=20000,
                   receipt_acks=20000, unbind=1, errors_injected=0, receipts_unroutable=0, generic_nacks_sent=0)


def scenario_errors():
    p, port, out = sim("--dlr", "--error-rate", "0.01", "--error-status", "0x58")
    rc, r, _ = load(port, "--count", "20000", "--window", "10", "--dlr")
    check(rc == 0, "injected errors are answers: smpp-load exits 0")
    check_report_shape(r)
    check(r["answered"] == 20000 and r["ok"] == 19800, "answered 20000, ok 19800")
    check(r["errors"] == {"0x58": 200}, "errors == {\"0x58\": 200}")
    check(r["generic_nacks"] == 0, "no generic_nack")
    check(r["receipts"] == 19800 and r["receipts_expected"] == 19800, "receipts only for accepted submits")
    c = stop_sim(p, out)
    check_counters(c, submit_sm=20000, errors_injected=200, receipts_sent=19800, receipt_acks=19800)


def scenario_drop():
    p, port, out = sim("--drop-after", "100")
    rc, r, err = load(port, "--count", "20000", "--window", "10")
    check(rc == 1, "smpp-load exits 1 when the SMSC drops the connection")
    check_report_shape(r)
    check(r["result"] == "fail" and "connection closed" in r["reason"], "result fail, reason: connection closed")
    check("connection closed" in err, "the reason is on stderr too")
    check(r["answered"] <= 100 and r["sent"] <= r["answered"] + 10, "at most 100 answered, at most a window more sent")
    check(r["outstanding"] == r["sent"] - r["answered"], "the unanswered submits are reported outstanding")
    c = stop_sim(p, out)
    check_counters(c, connections=1, submit_sm=100, responses_sent=101, unbind=0)


def scenario_delay():
    p, port, out = sim("--delay-ms", "20")
    rc, r, _ = load(port, "--count", "200", "--window", "10")
    check(rc == 0, "smpp-load exits 0")
    check_clean(r, 200, 0)
    # Every response waits 20 ms; the histogram may report up to 1/128 below the true value.
    check(r["latency_us"]["p50"] >= 20000 * (1 - 1 / 128), f"p50 {r['latency_us']['p50']} us >= 20 ms")
    check(r["latency_us"]["max"] >= 20000, "max >= 20 ms")
    check(r["elapsed_s"] >= 0.38, "20 rounds of a full window take at least 20 x 20 ms")
    stop_sim(p, out)


def scenario_open_loop():
    p, port, out = sim()
    rc, r, _ = load(port, "--rate", "2000", "--duration", "2", "--window", "50")
    check(rc == 0, "smpp-load exits 0")
    check_report_shape(r)
    # The schedule, not the machine's speed, decides the count: 2 s x 2000 msg/s.
    check(3950 <= r["sent"] <= 4050, f"about 4000 sent (got {r['sent']})")
    check(r["answered"] == r["sent"] == r["ok"], "every submit answered")
    check(r["rate"] == 2000, "the report echoes the rate")
    c = stop_sim(p, out)
    check_counters(c, submit_sm=r["sent"])


THAI_LINES = ["ธนาคาร: โอนเงินสำเร็จ 500 บาท", "สวัสดีครับ 😀", "Plain GSM € line"]


def stub_smsc(server, captured, done):
    """Accepts one ESME, answers bind/submit_sm/unbind and records each submit_sm's fields."""
    conn, _ = server.accept()
    conn.settimeout(30)
    buf = b""
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
            while len(buf) >= 16:
                length, cmd, _st, seq = struct.unpack(">IIII", buf[:16])
                if len(buf) < length:
                    break
                body, buf = buf[16:length], buf[length:]
                if cmd == 0x00000009:  # bind_transceiver
                    conn.sendall(struct.pack(">IIII", 16 + 5, 0x80000009, 0, seq) + b"stub\0")
                elif cmd == 0x00000004:  # submit_sm
                    captured.append(parse_submit(body))
                    mid = b"%08X\0" % len(captured)
                    conn.sendall(struct.pack(">IIII", 16 + len(mid), 0x80000004, 0, seq) + mid)
                elif cmd == 0x00000006:  # unbind
                    conn.sendall(struct.pack(">IIII", 16, 0x80000006, 0, seq))
                    return
    finally:
        conn.close()
        done.set()


def parse_submit(body):
    def cstr(i):
        j = body.index(b"\0", i)
        return body[i:j].decode(), j + 1
    _service, i = cstr(0)
    src_ton, src_npi = body[i], body[i + 1]
    src, i = cstr(i + 2)
    dst_ton, dst_npi = body[i], body[i + 1]
    dst, i = cstr(i + 2)
    i += 3  # esm_class, protocol_id, priority_flag
    _sched, i = cstr(i)
    _valid, i = cstr(i)
    regdel, dc, sm_len = body[i], body[i + 2], body[i + 4]
    sm = body[i + 5:i + 5 + sm_len]
    return {"src": (src_ton, src_npi, src), "dst": (dst_ton, dst_npi, dst), "regdel": regdel, "dc": dc, "sm": sm}


def scenario_ucs2():
    path = os.path.join(TMP.name, "texts.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(THAI_LINES[0] + "\n\n" + THAI_LINES[1] + "\r\n" + THAI_LINES[2] + "\n")

    # 1. On the wire (a stub SMSC records what arrives): UCS-2 for Thai, surrogates for the emoji.
    server = socket.create_server(("127.0.0.1", 0))
    captured, done = [], threading.Event()
    threading.Thread(target=stub_smsc, args=(server, captured, done), daemon=True).start()
    rc, r, _ = load(server.getsockname()[1], "--count", "6", "--window", "1", "--messages", path, "--dlr",
                    "--dlr-timeout", "0")
    check(done.wait(10), "the stub SMSC saw the unbind")
    server.close()
    check(len(captured) == 6, "six submit_sm arrived")
    for k, m in enumerate(captured):
        line = THAI_LINES[k % 3]
        if k % 3 < 2:
            check(m["dc"] == 8 and m["sm"].decode("utf-16-be") == line, f"submit {k}: UCS-2 (data_coding 8) {line!r}")
        else:
            gsm = b"Plain GSM \x1b\x65 line"
            check(m["dc"] == 0 and m["sm"] == gsm, f"submit {k}: GSM with ESC for the euro sign")
        check(m["dst"] == (1, 1, "6681000000%d" % k), f"submit {k}: destination 6681000000{k}")
        check(m["src"] == (5, 0, "LoadTest") and m["regdel"] == 1, f"submit {k}: source LoadTest, receipt requested")
    check(captured[1]["sm"][-4:] == b"\xd8\x3d\xde\x00", "the emoji is the surrogate pair D83D DE00")
    check(rc == 1 and r["receipts"] == 0 and r["receipts_expected"] == 6, "the stub sends no receipts: exit 1")

    # 2. Against smsc-sim: the same file, every receipt back.
    p, port, out = sim("--dlr")
    rc, r, _ = load(port, "--count", "3000", "--window", "10", "--messages", path, "--dlr")
    check(rc == 0, "smpp-load exits 0")
    check_clean(r, 3000, 3000)
    stop_sim(p, out)


def scenario_counters():
    p, port, out = sim()
    rc, r, _ = load(port, "--binds", "2", "--count", "1000", "--warmup", "100", "--window", "5")
    check(rc == 0, "smpp-load exits 0")
    check_clean(r, 1000, 0)
    check(r["warmup_sent"] == 100 and r["warmup_answered"] == 100, "100 warm-up submits, answered, kept apart")
    c = stop_sim(p, out)
    check_counters(c, binds=2, connections=2, submit_sm=1100, responses_sent=1104, unbind=2, receipts_sent=0,
                   errors_injected=0, data_sm=0, submit_multi=0, enquire_link=0, other_responses=0,
                   generic_nacks_sent=0)


def scenario_proxy():
    check(bool(TOOLS.get("smsfw")), "--smsfw given")
    sp, sim_port, sim_out = sim("--dlr")
    fw, fw_port, _ = start_server(
        "smsfw", [TOOLS["smsfw"], "run", "--listen", "127.0.0.1:0", "--upstream", f"127.0.0.1:{sim_port}",
                  "--threads", "1"], "smsfw")
    rc, r, _ = load(fw_port, "--count", "20000", "--window", "10", "--dlr")
    check(rc == 0, "smpp-load through smsfw exits 0")
    check_clean(r, 20000, 20000)
    fw.send_signal(signal.SIGTERM)
    rc = fw.wait(timeout=20)
    check(rc == 0, f"smsfw exits 0 on SIGTERM (got {rc})")
    c = stop_sim(sp, sim_out)
    check_counters(c, binds=1, connections=1, submit_sm=20000, receipts_sent=20000, receipt_acks=20000, unbind=1)


def scenario_usage():
    def run(args):
        p = subprocess.run(args, capture_output=True, timeout=20, preexec_fn=_die_with_parent)
        return p.returncode, p.stderr.decode()
    rc, err = run([TOOLS["smpp_load"], "--target", "127.0.0.1:1", "--bind-type", "tx", "--dlr"])
    check(rc == 2 and err.count("\n") == 1, "smpp-load --bind-type tx --dlr: exit 2, one line on stderr")
    rc, _ = run([TOOLS["smpp_load"], "--count", "1"])
    check(rc == 2, "smpp-load without --target: exit 2")
    rc, err = run([TOOLS["smsc_sim"], "--error-rate", "2"])
    check(rc == 2 and err.count("\n") == 1, "smsc-sim --error-rate 2: exit 2, one line on stderr")
    # A port nobody listens on: bound but never listening, so nothing else can take it meanwhile.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        rc, r, err = load(s.getsockname()[1], "--count", "10", "--timeout", "20")
    check(rc == 1 and r["result"] == "fail" and "connect" in r["reason"], "nobody listening: exit 1, connect failed")
    # Already taken: smsc-sim cannot listen, exit 1.
    p, port, out = sim()
    rc, err = run([TOOLS["smsc_sim"], "--listen", f"127.0.0.1:{port}"])
    check(rc == 1 and "cannot listen" in err, "smsc-sim on a taken port: exit 1")
    stop_sim(p, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--smsc-sim", required=True)
    ap.add_argument("--smpp-load", required=True)
    ap.add_argument("--smsfw")
    ap.add_argument("scenario", choices=[n[len("scenario_"):] for n in globals() if n.startswith("scenario_")])
    a = ap.parse_args()
    TOOLS.update(smsc_sim=a.smsc_sim, smpp_load=a.smpp_load, smsfw=a.smsfw)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        globals()["scenario_" + a.scenario]()
        print(f"PASS {a.scenario}")
        return 0
    except (Failure, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
        kill_all()
        for f in sorted(os.listdir(TMP.name)):  # the servers' output, for the diagnosis
            print(f"---- {f}\n{read(os.path.join(TMP.name, f))[-2000:]}")
        print(f"FAIL {a.scenario}: {e}")
        return 1
    finally:
        kill_all()
        TMP.cleanup()


if __name__ == "__main__":
    sys.exit(main())
