#!/usr/bin/env python3
"""Side-by-side throughput and latency of direct / HAProxy / smsfw (0..100k rules) in one run.

Every load point is measured in rounds; each round runs every path once, in an order rotated
per round, so ratios come from measurements minutes (not hours) apart on a noisy machine. See
bench/README.md, "run.sh (side by side)". Writes results.md, results.json and PNG plots."""
import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matrix  # noqa: E402
import measure  # noqa: E402
import paths  # noqa: E402
import plots  # noqa: E402
import procs  # noqa: E402
import report  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="tiny matrix, 1 round (CI smoke, < 2 min)")
    ap.add_argument("--build", default=os.path.join(os.path.dirname(BENCH), "build"),
                    help="build directory holding the binaries (default: ./build)")
    for t in ("smsfw", "smsc-sim", "smpp-load", "bench-fixtures"):
        ap.add_argument("--" + t, help=f"path of {t} (default: from --build)")
    ap.add_argument("--out", help="results directory (default: bench/results, --quick: bench/results/quick)")
    ap.add_argument("--work", help="generated rules, messages, pattern cache, logs (default: OUT/.work)")
    ap.add_argument("--rounds", type=int, help="rounds per point (default 3, --quick 1)")
    ap.add_argument("--seconds", type=float, help="closed-loop seconds per point (default 3, --quick 1)")
    ap.add_argument("--latency-seconds", type=float, help="open-loop seconds per point (default 5, --quick 1.5)")
    ap.add_argument("--rules", help="comma-separated smsfw rule counts (default 0,1000,10000,100000; --quick 0,1000)")
    ap.add_argument("--threads", type=int, default=1, help="smsfw --threads and HAProxy nbthread (default 1)")
    ap.add_argument("--sim-threads", type=int, default=1, help="smsc-sim --threads (default 1)")
    ap.add_argument("--compile-budget", type=float, default=300,
                    help="seconds smsfw may take to start (compile); a rule count over it is left out")
    ap.add_argument("--corpus", help="SMS Spam Collection (bench-fixtures' default if not given)")
    ap.add_argument("--haproxy", default=shutil.which("haproxy") or "/usr/sbin/haproxy")
    a = ap.parse_args(argv)
    q = a.quick
    a.rounds = a.rounds or (1 if q else 3)
    a.seconds = a.seconds or (1.0 if q else 3.0)
    a.latency_seconds = a.latency_seconds or (1.5 if q else 5.0)
    a.rules = [int(x) for x in a.rules.split(",")] if a.rules else list(matrix.QUICK_RULES if q else matrix.FULL_RULES)
    a.out = a.out or os.path.join(BENCH, "results", "quick" if q else "")
    a.work = a.work or os.path.join(a.out, ".work")
    return a


def tool_paths(a):
    bench_dir = os.path.join(a.build, "bench")
    defaults = {"smsfw": os.path.join(a.build, "gateway", "smsfw"),
                "smsc_sim": os.path.join(bench_dir, "smsc-sim"),
                "smpp_load": os.path.join(bench_dir, "smpp-load"),
                "bench_fixtures": os.path.join(bench_dir, "fixtures", "bench-fixtures")}
    tools = {}
    for k, d in defaults.items():
        p = getattr(a, k) or d
        if not (os.path.isfile(p) and os.access(p, os.X_OK)):
            sys.exit(f"run.py: {k.replace('_', '-')} not found at {p} (build it or pass --{k.replace('_', '-')})")
        tools[k] = os.path.abspath(p)
    return tools


def message_files(tools, a):
    """mix_{gsm,ucs2}_{0,10}.txt: ham only, or 9 ham lines then 1 scam line, repeated."""
    d = os.path.join(a.work, "messages")
    os.makedirs(d, exist_ok=True)
    argv = [tools["bench_fixtures"], "--messages", "--out", d] + (["--corpus", a.corpus] if a.corpus else [])
    p = subprocess.run(argv, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("run.py: bench-fixtures failed: " + p.stderr.strip())
    mixes = {}
    for body in ("gsm", "ucs2"):
        ham = [l for l in open(os.path.join(d, f"{body}_ham.txt"), encoding="utf-8") if l.strip()]
        scam = [l for l in open(os.path.join(d, f"{body}_scam.txt"), encoding="utf-8") if l.strip()]
        for pct in (0, 10):
            lines, si = [], 0
            for i, h in enumerate(ham):
                lines.append(h)
                if pct and i % 9 == 8:
                    lines.append(scam[si % len(scam)])
                    si += 1
            path = os.path.join(d, f"mix_{body}_{pct}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.writelines(lines)
            mixes[(body, pct)] = path
    return mixes


def start_paths(tools, a, log):
    """Starts smsc-sim, HAProxy and one smsfw per rule count. Returns (sim, paths, skipped)."""
    sim, sim_port = paths.start_sim(tools, a.work, a.sim_threads)
    ps = [{"name": "direct", "port": sim_port, "proxy": None, "rules": None},
          ]
    hp, hp_port = paths.start_haproxy(a.work, sim_port, a.threads, a.haproxy)
    ps.append({"name": "haproxy", "port": hp_port, "proxy": hp, "rules": None})
    skipped = []
    for n in a.rules:
        name = "smsfw-" + paths.rules_label(n)
        log(f"starting {name} (generating/compiling {n} rules if not cached)")
        try:
            s, port, startup = paths.start_smsfw(tools, a.work, sim_port, n, a.threads, a.compile_budget)
        except (TimeoutError, RuntimeError, subprocess.CalledProcessError) as e:
            log(f"  {name} left out: {e}")
            skipped.append({"name": name, "reason": str(e)})
            continue
        log(f"  {name} listening after {startup:.1f} s, RSS {procs.status_kib(s.pid, 'VmRSS') / 1024:.0f} MiB")
        ps.append({"name": name, "port": port, "proxy": s, "rules": n, "startup_s": startup,
                   "start_rss_kib": procs.status_kib(s.pid, "VmRSS")})
    return sim, ps, skipped


def run_rounds(tools, a, ps, point, mixes, log):
    """All rounds of one load point. point: dict with config and rate (0 = closed loop)."""
    w, b, body, scam = point["config"]
    rounds = []
    for r in range(a.rounds):
        rec_round = {}
        for p in matrix.rotated(ps, r):
            if p["proxy"] is not None and not p["proxy"].alive():
                raise RuntimeError(f"{p['name']} died (see its log in {a.work})")
            rec = measure.run_point(tools, p["port"], p["proxy"], w, b, mixes[(body, scam)],
                                    a.latency_seconds if point["rate"] else a.seconds, rate=point["rate"])
            rec_round[p["name"]] = rec
            flag = "" if rec["complete"] else f"  INCOMPLETE: {rec.get('reason', '')}"
            log(f"  round {r + 1} {p['name']:<12} {rec['answered_per_s']:>9.0f} msg/s  p99 {rec['p99']} us{flag}")
        rounds.append(rec_round)
    return rounds


def main(argv):
    a = parse_args(argv)
    tools = tool_paths(a)
    os.makedirs(a.work, exist_ok=True)
    t_start = time.monotonic()

    def log(msg):
        print(f"[{time.monotonic() - t_start:6.1f} s] {msg}", flush=True)

    # Ctrl-C / SIGTERM: unwind through `finally`, which stops every child.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
    results = {"started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "mode": "quick" if a.quick else "full",
               "settings": {"rounds": a.rounds, "seconds": a.seconds, "latency_seconds": a.latency_seconds,
                            "threads": a.threads, "sim_threads": a.sim_threads, "rules": a.rules,
                            "compile_budget_s": a.compile_budget},
               "machine": report.machine_info(tools, a.haproxy), "saturation": [], "latency": []}
    try:
        mixes = message_files(tools, a)
        sim, ps, skipped = start_paths(tools, a, log)
        results["paths"] = [{k: v for k, v in p.items() if k not in ("proxy", "port")} for p in ps]
        results["skipped_paths"] = skipped
        # One discarded second per path: connections, caches and allocators warm before any figure.
        for p in ps:
            measure.run_point(tools, p["port"], p["proxy"], 10, 1, mixes[("gsm", 0)], 1.0)
        log("warm-up done")
        configs = matrix.QUICK_SATURATION if a.quick else matrix.FULL_SATURATION
        for c in configs:
            log(f"saturation {matrix.config_name(c)}")
            results["saturation"].append({"config": list(c), "rounds": run_rounds(
                tools, a, ps, {"config": c, "rate": 0}, mixes, log)})
        ref_name, ref_sat = report.reference_saturation(results, ps)
        fractions = matrix.QUICK_FRACTIONS if a.quick else matrix.FULL_FRACTIONS
        results["latency_reference"] = {"path": ref_name, "saturation": ref_sat,
                                        "config": list(matrix.LATENCY_CONFIG)}
        for f in fractions:
            rate = max(100.0, round(ref_sat * f, -2))
            log(f"latency {matrix.config_name(matrix.LATENCY_CONFIG)} at {rate:.0f} msg/s ({f:.0%} of {ref_name})")
            results["latency"].append({"config": list(matrix.LATENCY_CONFIG), "fraction": f, "rate": rate,
                                       "tick_us": measure.tick_us(rate, *matrix.LATENCY_CONFIG[:2]),
                                       "rounds": run_rounds(tools, a, ps, {"config": matrix.LATENCY_CONFIG,
                                                                           "rate": rate}, mixes, log)})
        for p in ps:
            if p["proxy"] is not None:
                rc = p["proxy"].stop()
                log(f"{p['name']} stopped, exit {rc}")
        sim.stop()
    finally:
        procs.stop_all()
    results["elapsed_s"] = time.monotonic() - t_start
    results["machine"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    summary = report.summarize(results)
    results["summary"] = summary
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    pngs = plots.draw(summary, a.out, os.path.join(a.work, "plots"), log)
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write(report.markdown(results, summary, pngs))
    print()
    print(report.targets_text(summary))
    log(f"wrote {a.out}/results.md, results.json, {len(pngs)} PNG; all answered: {summary['all_answered']}")
    return 0 if summary["all_answered"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        procs.stop_all()
        sys.exit(130)
