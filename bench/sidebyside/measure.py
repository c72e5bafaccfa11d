"""One load point on one path: smpp-load with --json, plus the proxy's CPU time and peak RSS
over the point from /proc."""
import json
import subprocess

import procs


def tick_us(rate, window, binds):
    """smpp-load's open-loop tick: 1 ms unless more than half a window per bind would fall due in
    one tick (the window, not the path, would then make the latency); multiples of 50 µs, >= 50."""
    t = min(1000.0, window * binds / 2 / rate * 1e6)
    return max(50, int(t // 50) * 50)


def run_point(tools, port, proxy, window, binds, messages, seconds, rate=0.0, warmup=500):
    """Runs smpp-load against `port`; `proxy` is the procs.Server whose CPU and RSS are measured
    (None for direct). Returns a flat record."""
    argv = [tools["smpp_load"], "--target", f"127.0.0.1:{port}", "--binds", str(binds), "--window", str(window),
            "--duration", str(seconds), "--warmup", str(warmup), "--messages", messages, "--json",
            "--timeout", str(int(seconds + 60))]
    tick = None
    if rate > 0:
        tick = tick_us(rate, window, binds)
        argv += ["--rate", f"{rate:.0f}", "--tick-us", str(tick)]
    rss_reset = cpu0 = None
    if proxy is not None:
        rss_reset = procs.reset_peak_rss(proxy.pid)
        cpu0 = procs.cpu_seconds(proxy.pid)
    p = subprocess.run(argv, capture_output=True, timeout=seconds + 90, preexec_fn=procs._die_with_parent)
    rec = {"rc": p.returncode, "tick_us": tick}
    try:
        r = json.loads(p.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        r = {"result": "fail", "reason": "no JSON report: " + p.stderr.decode()[-300:]}
    rec["load"] = r
    sent, answered = r.get("sent", 0), r.get("answered", 0)
    elapsed = r.get("elapsed_s", 0.0) or 0.0
    errors = r.get("errors", {})
    rec["sent"], rec["answered"], rec["ok"] = sent, answered, r.get("ok", 0)
    rec["blocked"] = errors.get("0x45", 0)
    rec["other_errors"] = sum(v for k, v in errors.items() if k != "0x45")
    rec["answered_per_s"] = answered / elapsed if elapsed > 0 else 0.0
    lat = r.get("latency_us", {})
    rec["p50"], rec["p99"], rec["p999"] = lat.get("p50"), lat.get("p99"), lat.get("p999")
    rec["complete"] = (p.returncode == 0 and sent > 0 and answered == sent and r.get("outstanding", 1) == 0
                       and r.get("warmup_answered") == r.get("warmup_sent"))
    if not rec["complete"]:
        rec["reason"] = r.get("reason") or p.stderr.decode()[-300:]
    if proxy is not None and proxy.alive():
        cpu = procs.cpu_seconds(proxy.pid) - cpu0
        total = answered + r.get("warmup_answered", 0)
        rec["cpu_s"] = cpu
        rec["cpu_s_per_million"] = cpu / total * 1e6 if total else None
        rec["peak_rss_kib"] = procs.status_kib(proxy.pid, "VmHWM") if rss_reset else None
    return rec
