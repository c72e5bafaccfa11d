"""Summaries of the raw rounds (medians, within-round ratios), the targets check, the machine
description and results.md."""
import os
import platform
import re
import statistics
import subprocess

import matrix

TARGETS = [  # (what, config, statistic, bound, kind)
    ("smsfw-10k / HAProxy saturation, 1 bind, window 10", (10, 1, "gsm", 0), ">=", 0.9),
    ("smsfw-10k / HAProxy saturation, 1 bind, window 100", (100, 1, "gsm", 0), ">=", 0.6),
]
LAT_TARGET = ("smsfw-10k added p99 / HAProxy added p99 at 50 % of saturation", "<=", 1.2)


def _median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def _cmd(argv):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (p.stdout + p.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "n/a"


def _build_type(binary):
    """CMAKE_BUILD_TYPE from the CMakeCache.txt of the build tree holding `binary`."""
    d = os.path.dirname(binary)
    while d and d != "/":
        cache = os.path.join(d, "CMakeCache.txt")
        if os.path.exists(cache):
            m = re.search(r"^CMAKE_BUILD_TYPE:\w+=(.*)$", open(cache).read(), re.M)
            return (m.group(1) or "(none)") if m else "(none)"
        d = os.path.dirname(d)
    return "unknown"


def machine_info(tools, haproxy):
    cpu = "unknown"
    try:
        m = re.search(r"^model name\s*:\s*(.*)$", open("/proc/cpuinfo").read(), re.M)
        cpu = m.group(1) if m else cpu
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "loadavg_start": open("/proc/loadavg").read().split()[:3],
            "build_type": _build_type(tools["smsfw"]), "smsfw": _cmd([tools["smsfw"], "--version"]),
            "haproxy": _cmd([haproxy, "-v"]), "gnuplot": _cmd(["gnuplot", "--version"]),
            "python": platform.python_version()}


def reference_saturation(results, ps):
    """The path whose saturation on LATENCY_CONFIG sets the open-loop rates: smsfw-10k if there,
    else the smsfw with the most rules, else HAProxy."""
    names = [p["name"] for p in ps]
    smsfw = [p for p in ps if p["rules"] is not None]
    ref = "smsfw-10k" if "smsfw-10k" in names else (max(smsfw, key=lambda p: p["rules"])["name"] if smsfw else "haproxy")
    for s in results["saturation"]:
        if tuple(s["config"]) == matrix.LATENCY_CONFIG:
            return ref, _median([r[ref]["answered_per_s"] for r in s["rounds"]])
    raise RuntimeError("the latency config is not in the saturation matrix")


def _ratio_median(rounds, name, base, key):
    """Median over rounds of rounds[i][name][key] / rounds[i][base][key] (same round)."""
    out = []
    for r in rounds:
        if name in r and base in r and r[base].get(key) and r[name].get(key) is not None and r[base][key] > 0:
            out.append(r[name][key] / r[base][key])
    return _median(out)


def summarize(results):
    names = [p["name"] for p in results.get("paths", [])]
    s = {"paths": names, "saturation": [], "latency": [], "incomplete": []}
    for kind in ("saturation", "latency"):
        for point in results[kind]:
            for i, r in enumerate(point["rounds"]):
                for n, rec in r.items():
                    if not rec["complete"]:
                        s["incomplete"].append({"kind": kind, "config": point["config"], "rate": point.get("rate"),
                                                "round": i + 1, "path": n, "reason": rec.get("reason")})
    for point in results["saturation"]:
        rows = {}
        for n in names:
            recs = [r[n] for r in point["rounds"] if n in r]
            rows[n] = {"msgs_per_s": _median([x["answered_per_s"] for x in recs]),
                       "per_round": [x["answered_per_s"] for x in recs],
                       "vs_haproxy": _ratio_median(point["rounds"], n, "haproxy", "answered_per_s"),
                       "vs_direct": _ratio_median(point["rounds"], n, "direct", "answered_per_s"),
                       "cpu_s_per_million": _median([x.get("cpu_s_per_million") for x in recs]),
                       "peak_rss_mib": _median([x["peak_rss_kib"] / 1024 if x.get("peak_rss_kib") else None
                                                for x in recs]),
                       "blocked_fraction": _median([x["blocked"] / x["answered"] if x["answered"] else None
                                                    for x in recs])}
        s["saturation"].append({"config": point["config"], "paths": rows})
    for point in results["latency"]:
        rows = {}
        for n in names:
            recs = [r[n] for r in point["rounds"] if n in r]
            row = {"achieved": _median([x["answered_per_s"] for x in recs]),
                   "cpu_s_per_million": _median([x.get("cpu_s_per_million") for x in recs]),
                   "peak_rss_mib": _median([x["peak_rss_kib"] / 1024 if x.get("peak_rss_kib") else None
                                            for x in recs])}
            for q in ("p50", "p99", "p999"):
                row[q] = _median([x[q] for x in recs])
                row["added_" + q] = _median([r[n][q] - r["direct"][q] for r in point["rounds"]
                                             if n in r and "direct" in r and r[n][q] is not None
                                             and r["direct"][q] is not None])
            added = []
            for r in point["rounds"]:
                if n in r and "haproxy" in r and "direct" in r:
                    hp = r["haproxy"]["p99"] - r["direct"]["p99"]
                    if hp > 0:
                        added.append((r[n]["p99"] - r["direct"]["p99"]) / hp)
            row["added_p99_vs_haproxy"] = _median(added)
            rows[n] = row
        s["latency"].append({"config": point["config"], "fraction": point["fraction"], "rate": point["rate"],
                             "tick_us": point.get("tick_us"), "paths": rows})
    s["all_answered"] = not s["incomplete"] and bool(results["saturation"])
    s["targets"] = _targets(s)
    return s


def _targets(s):
    out = []
    for what, config, op, bound in TARGETS:
        v = None
        for p in s["saturation"]:
            if tuple(p["config"]) == config and "smsfw-10k" in p["paths"]:
                v = p["paths"]["smsfw-10k"]["vs_haproxy"]
        out.append({"what": what, "op": op, "bound": bound, "measured": v})
    what, op, bound = LAT_TARGET
    v = None
    for p in s["latency"]:
        if abs(p["fraction"] - 0.5) < 1e-9 and "smsfw-10k" in p["paths"]:
            v = p["paths"]["smsfw-10k"]["added_p99_vs_haproxy"]
    out.append({"what": what, "op": op, "bound": bound, "measured": v})
    for t in out:
        m = t["measured"]
        t["verdict"] = "n/a" if m is None else (
            "PASS" if (m >= t["bound"] if t["op"] == ">=" else m <= t["bound"]) else "SHORT")
    return out


def targets_text(s):
    lines = ["targets (measurements, not pass/fail of the run):"]
    for t in s["targets"]:
        m = "n/a (path or point not in this run)" if t["measured"] is None else f"{t['measured']:.2f}"
        lines.append(f"  {t['what']}: {m}  (target {t['op']} {t['bound']})  {t['verdict']}")
    return "\n".join(lines)


def _f(v, fmt="{:,.0f}"):
    return "–" if v is None else fmt.format(v)


def markdown(results, s, pngs):
    m, st = results["machine"], results["settings"]
    names = s["paths"]
    smsfw = [n for n in names if n.startswith("smsfw")]
    L = [f"# smsfw side by side: {results['mode']} run, {results['started']}", "",
         "Produced by `bench/run.sh` (bench/sidebyside/run.py); meaning of every column: bench/README.md, "
         "\"run.sh (side by side)\". Absolute numbers are only comparable within this file; use the ratios.", "",
         "## Machine", "",
         f"- CPU: {m['cpu']}, {m['cores']} cores; kernel {m['kernel']}; load average at start {' '.join(m['loadavg_start'])}, "
         f"at end {' '.join(m.get('loadavg_end', ['?']))} (other work on the machine adds noise)",
         f"- build type: {m['build_type']}; {m['smsfw']}; {m['haproxy']}; {m['gnuplot']}; python {m['python']}",
         f"- settings: {st['rounds']} round(s), {st['seconds']} s per closed-loop point, {st['latency_seconds']} s per "
         f"open-loop point, proxy threads {st['threads']} (smsfw --threads, HAProxy nbthread), smsc-sim threads "
         f"{st['sim_threads']}; run took {results['elapsed_s'] / 60:.1f} min", "",
         "## Paths", "", "| path | rules | start-up s | RSS after start MiB |", "|---|---:|---:|---:|"]
    for p in results.get("paths", []):
        L.append(f"| {p['name']} | {_f(p.get('rules'))} | {_f(p.get('startup_s'), '{:.1f}')} | "
                 f"{_f(p['start_rss_kib'] / 1024 if p.get('start_rss_kib') else None, '{:.0f}')} |")
    for p in results.get("skipped_paths", []):
        L.append(f"| {p['name']} | left out: {p['reason']} | | |")
    L += ["", "## Saturation (closed loop): answered msg/s (ok + blocked), median of rounds", "",
          "| config | " + " | ".join(names) + " | " + " | ".join(f"{n}/HAProxy" for n in smsfw) + " |",
          "|---|" + "---:|" * (len(names) + len(smsfw))]
    for p in s["saturation"]:
        r = p["paths"]
        L.append(f"| {matrix.config_name(p['config'])} | " + " | ".join(_f(r[n]["msgs_per_s"]) for n in names) +
                 " | " + " | ".join(_f(r[n]["vs_haproxy"], "{:.2f}") for n in smsfw) + " |")
    L += ["", "Ratios vs direct (median of per-round ratios):", "",
          "| config | " + " | ".join(n for n in names if n != "direct") + " |", "|---|" + "---:|" * (len(names) - 1)]
    for p in s["saturation"]:
        L.append(f"| {matrix.config_name(p['config'])} | " +
                 " | ".join(_f(p["paths"][n]["vs_direct"], "{:.2f}") for n in names if n != "direct") + " |")
    scam = [p for p in s["saturation"] if p["config"][3]]
    if scam:
        L += ["", "Blocked (0x45, answered by smsfw itself) as a share of answered, scam mixes:", "",
              "| config | " + " | ".join(smsfw) + " |", "|---|" + "---:|" * len(smsfw)]
        for p in scam:
            L.append(f"| {matrix.config_name(p['config'])} | " +
                     " | ".join(_f(p["paths"][n]["blocked_fraction"], "{:.1%}") for n in smsfw) + " |")
    proxies = [n for n in names if n != "direct"]
    L += ["", "## Proxy CPU seconds per million answered messages (utime + stime of the proxy process)", "",
          "| point | " + " | ".join(proxies) + " |", "|---|" + "---:|" * len(proxies)]
    for p in s["saturation"]:
        L.append(f"| {matrix.config_name(p['config'])} | " +
                 " | ".join(_f(p["paths"][n]["cpu_s_per_million"], "{:.1f}") for n in proxies) + " |")
    for p in s["latency"]:
        L.append(f"| {p['rate']:,.0f} msg/s open loop | " +
                 " | ".join(_f(p["paths"][n]["cpu_s_per_million"], "{:.1f}") for n in proxies) + " |")
    L += ["", "## Proxy peak RSS (VmHWM, MiB, reset before each point), median", "",
          "| point | " + " | ".join(proxies) + " |", "|---|" + "---:|" * len(proxies)]
    for p in s["saturation"]:
        L.append(f"| {matrix.config_name(p['config'])} | " +
                 " | ".join(_f(p["paths"][n]["peak_rss_mib"], "{:.0f}") for n in proxies) + " |")
    ref = results.get("latency_reference", {})
    L += ["", f"## Latency (open loop, {matrix.config_name(matrix.LATENCY_CONFIG)}; rates are fractions of "
          f"{ref.get('path')}'s saturation {_f(ref.get('saturation'))} msg/s), µs, median of rounds", "",
          "| offered msg/s | path | achieved | p50 | p99 | p99.9 | added p50 | added p99 | added p99.9 | added p99 / HAProxy's |",
          "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for p in s["latency"]:
        for n in names:
            r = p["paths"][n]
            L.append(f"| {p['rate']:,.0f} ({p['fraction']:.0%}, tick {p.get('tick_us')} µs) | {n} | {_f(r['achieved'])} | {_f(r['p50'])} | "
                     f"{_f(r['p99'])} | {_f(r['p999'])} | " +
                     ("– | – | – | – |" if n == "direct" else
                      f"{_f(r['added_p50'])} | {_f(r['added_p99'])} | {_f(r['added_p999'])} | "
                      f"{_f(r['added_p99_vs_haproxy'], '{:.2f}')} |"))
    L += ["", "## Targets", "", "| target | measured | bound | verdict |", "|---|---:|---:|---|"]
    for t in s["targets"]:
        L.append(f"| {t['what']} | {_f(t['measured'], '{:.2f}')} | {t['op']} {t['bound']} | {t['verdict']} |")
    L += ["", f"Every scenario answered all its messages: {'yes' if s['all_answered'] else 'NO'}"]
    for x in s["incomplete"]:
        L.append(f"- incomplete: {x}")
    if pngs:
        L += ["", "## Plots", ""] + [f"![{os.path.splitext(p)[0]}]({p})" for p in pngs]
    return "\n".join(L) + "\n"
