"""The paths under test, each started once: smsc-sim (shared by all), direct, HAProxy in TCP
mode, and smsfw with N generated rules."""
import os
import subprocess
import time

import procs


def start_sim(tools, work, threads):
    s = procs.Server("smsc-sim", [tools["smsc_sim"], "--listen", "127.0.0.1:0", "--threads", str(threads)],
                     os.path.join(work, "smsc-sim.log"), ready=r"listening on 127\.0\.0\.1:(\d+)")
    return s, int(s.ready_match.group(1))


HAPROXY_CFG = """global
    nbthread {threads}
    maxconn 4096
defaults
    mode tcp
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend smpp
    bind 127.0.0.1:{port}
    default_backend smsc
backend smsc
    server sim 127.0.0.1:{sim_port}
"""


def start_haproxy(work, sim_port, threads, haproxy="haproxy"):
    """HAProxy in the foreground (-db), TCP mode, one server: the non-inspecting baseline."""
    port = procs.free_port()
    cfg = os.path.join(work, "haproxy.cfg")
    with open(cfg, "w") as f:
        f.write(HAPROXY_CFG.format(threads=threads, port=port, sim_port=sim_port))
    s = procs.Server("haproxy", [haproxy, "-f", cfg, "-db"], os.path.join(work, "haproxy.log"))
    if not procs.wait_listening(port):
        s.stop()
        raise RuntimeError("haproxy did not listen (see haproxy.log)")
    return s, port


def ensure_rules(tools, work, n):
    """The pattern directory for n rules, generated once per work directory."""
    d = os.path.join(work, "rules", str(n))
    marker = os.path.join(d, ".complete")
    if not os.path.exists(marker):
        os.makedirs(d, exist_ok=True)
        subprocess.run([tools["bench_fixtures"], "--rules", str(n), "--out", d], check=True,
                       stdout=subprocess.DEVNULL)
        open(marker, "w").close()
    return d


def start_smsfw(tools, work, sim_port, rules, threads, budget):
    """smsfw over the n-rule directory; the compiled databases are cached in work/cache, so only
    the first run of a work directory compiles. Raises TimeoutError past `budget` seconds."""
    d = ensure_rules(tools, work, rules)
    # A compile that overran this budget before (same work directory) is not tried again unless
    # the budget is raised: it would only burn the budget a second time.
    over = os.path.join(d, ".over_budget")
    if os.path.exists(over) and budget <= float(open(over).read() or 0):
        raise TimeoutError(f"start-up exceeded {budget:.0f} s in an earlier run (raise --compile-budget to retry)")
    cache = os.path.join(work, "cache")
    os.makedirs(cache, exist_ok=True)
    t0 = time.monotonic()
    try:
        s = procs.Server(f"smsfw-{rules}", [tools["smsfw"], "run", "--listen", "127.0.0.1:0",
                                             "--upstream", f"127.0.0.1:{sim_port}", "--patterns", d,
                                             "--pattern-cache", cache, "--threads", str(threads),
                                             "--log-level", "warn"],
                         os.path.join(work, f"smsfw-{rules}.log"), ready=r"listening on 127\.0\.0\.1:(\d+)",
                         timeout=budget)
    except TimeoutError:
        with open(over, "w") as f:
            f.write(str(budget))
        raise
    return s, int(s.ready_match.group(1)), time.monotonic() - t0


def rules_label(n):
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)
