"""PNG plots of a summary with gnuplot: throughput by window (per bind count), smsfw/HAProxy by
rule count, latency percentiles by offered load. Data and scripts go to a work directory; only
the PNGs go to the results directory."""
import os
import shutil
import subprocess

import matrix

TERMINAL = "set terminal pngcairo noenhanced size 900,560 font 'sans,10'"


def _gnuplot(body, out, work, name, log):
    """Writes OUT/NAME.png from the gnuplot commands `body` (terminal and output added here);
    returns the PNG's name, or None (logged) when gnuplot fails."""
    path = os.path.join(work, name + ".gp")
    with open(path, "w") as f:
        f.write(f"{TERMINAL}\nset output '{os.path.join(out, name)}.png'\n{body}")
    p = subprocess.run(["gnuplot", path], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        log(f"gnuplot {name}: {p.stderr.strip()[:300]}")
        return None
    return name + ".png"


def _write(work, name, rows):
    path = os.path.join(work, name)
    with open(path, "w") as f:
        for row in rows:
            f.write(" ".join("NaN" if v is None else str(v) for v in row) + "\n")
    return path


def _by_window(summary, out, work, binds, log):
    points = [p for p in summary["saturation"] if p["config"][1] == binds and p["config"][2:] == ["gsm", 0]]
    points.sort(key=lambda p: p["config"][0])
    if not points:
        return None
    names = summary["paths"]
    dat = _write(work, f"window_b{binds}.dat", [[p["config"][0]] + [p["paths"][n]["msgs_per_s"] for n in names]
                                                  for p in points])
    name = f"throughput_by_window_{binds}bind{'s' if binds > 1 else ''}"
    plot = ", ".join(f"'{dat}' using 1:{i + 2} with linespoints lw 2 title '{n}'" for i, n in enumerate(names))
    script = (f"set title 'Saturation (closed loop), {binds} bind(s), GSM-7 160 chars, 0 % scam'\n"
              "set logscale x\nset xlabel 'window (outstanding submit_sm per bind)'\nset ylabel 'answered msg/s'\n"
              "set logscale y\nset grid\nset key outside right\nset xtics (1, 10, 100)\n"
              f"plot {plot}\n")
    return _gnuplot(script, out, work, name, log)


def _by_rules(summary, out, work, log):
    smsfw = [n for n in summary["paths"] if n.startswith("smsfw")]
    points = [p for p in summary["saturation"] if p["config"][2:] == ["gsm", 0]]
    if not smsfw or not points:
        return None
    dat = _write(work, "rules.dat", [[i, n] + [p["paths"][n]["vs_haproxy"] for p in points]
                                      for i, n in enumerate(smsfw)])
    plot = ", ".join(f"'{dat}' using 1:{j + 3}:xtic(2) with linespoints lw 2 title '{matrix.config_name(p['config'])}'"
                     for j, p in enumerate(points))
    name = "throughput_by_rules"
    script = ("set title 'smsfw saturation / HAProxy saturation (same round), GSM-7 0 % scam'\n"
              "set xlabel 'smsfw rule set'\nset ylabel 'ratio to HAProxy'\nset yrange [0:*]\nset grid\n"
              f"set xrange [-0.3:{len(smsfw) - 0.7}]\nset key outside right\n"
              f"plot {plot}, 1 with lines dt 2 lc 'black' title 'HAProxy'\n")
    return _gnuplot(script, out, work, name, log)


def _latency(summary, out, work, q, label, log):
    pts = sorted(summary["latency"], key=lambda p: p["rate"])
    if not pts:
        return None
    names = summary["paths"]
    dat = _write(work, f"latency_{q}.dat", [[p["rate"]] + [p["paths"][n][q] for n in names] for p in pts])
    plot = ", ".join(f"'{dat}' using 1:{i + 2} with linespoints lw 2 title '{n}'" for i, n in enumerate(names))
    name = f"latency_{q}"
    script = (f"set title 'Latency {label} (open loop, {matrix.config_name(matrix.LATENCY_CONFIG)}), from intended send time'\n"
              "set xlabel 'offered msg/s'\nset ylabel 'µs'\nset logscale y\nset grid\nset key outside right\n"
              "set offsets graph 0.05, graph 0.05, 0, 0\n"
              f"plot {plot}\n")
    return _gnuplot(script, out, work, name, log)


def draw(summary, out, work, log):
    """Returns the names of the PNGs written into `out` (none if gnuplot is missing)."""
    if not shutil.which("gnuplot"):
        log("gnuplot not found: no plots (apt-get install gnuplot-nox)")
        return []
    os.makedirs(work, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    made = [_by_window(summary, out, work, 1, log), _by_window(summary, out, work, 8, log),
            _by_rules(summary, out, work, log)]
    made += [_latency(summary, out, work, q, label, log) for q, label in (("p50", "p50"), ("p99", "p99"),
                                                                         ("p999", "p99.9"))]
    return [m for m in made if m]
