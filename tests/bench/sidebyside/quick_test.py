#!/usr/bin/env python3
"""ctest smoke test of bench/run.sh --quick: runs it with the given binaries into a temporary
directory and checks that results.md, results.json and at least one PNG were written and that
every scenario answered all its messages. Never asserts on speed.

Usage: quick_test.py --run-py PATH --smsfw PATH --smsc-sim PATH --smpp-load PATH --bench-fixtures PATH"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run-py", required=True)
    for t in ("smsfw", "smsc-sim", "smpp-load", "bench-fixtures"):
        ap.add_argument("--" + t, required=True)
    a = ap.parse_args()
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory(prefix="smsfw-sidebyside-") as out:
        argv = [sys.executable, a.run_py, "--quick", "--out", out, "--smsfw", a.smsfw, "--smsc-sim", a.smsc_sim,
                "--smpp-load", a.smpp_load, "--bench-fixtures", a.bench_fixtures]
        rc = subprocess.run(argv, timeout=280).returncode
        check(rc == 0, f"run.py --quick exits 0 (got {rc})")
        check(os.path.isfile(os.path.join(out, "results.md")), "results.md written")
        pngs = glob.glob(os.path.join(out, "*.png"))
        check(len(pngs) >= 1, f"at least one PNG written ({len(pngs)})")
        try:
            r = json.load(open(os.path.join(out, "results.json")))
        except (OSError, ValueError) as e:
            check(False, f"results.json readable ({e})")
            r = None
        if r is not None:
            s = r["summary"]
            check(len(r["saturation"]) > 0 and len(r["latency"]) > 0, "saturation and latency points measured")
            check(s["all_answered"] and not s["incomplete"], f"every scenario answered all its messages {s['incomplete']}")
            paths = {p["name"] for p in r["paths"]}
            check({"direct", "haproxy"} <= paths and any(n.startswith("smsfw") for n in paths),
                  f"direct, HAProxy and smsfw paths ran ({sorted(paths)})")
            check(len(s["targets"]) == 3, "targets check present")
    print("sidebyside quick: " + ("passed" if not failures else f"FAILED ({len(failures)})"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
