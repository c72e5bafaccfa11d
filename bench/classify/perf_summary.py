#!/usr/bin/env python3
"""Where classify() spends its time, from a `perf record -g` profile of classify-bench.

    perf record -e cpu-clock -g -o perf.data classify-bench --rules 10000 --sets en --no-baselines --seconds 20
    perf script -i perf.data | bench/classify/perf_summary.py [--root Classifier::classify] [--top 30]

Only samples whose call chain contains the root function (default smsfw::filters::Classifier::classify)
count, so the rule generation and the Hyperscan compile before the timed loop are left out. Prints
three tables, each in percent of those samples:
  - self:   the leaf function (where the CPU was);
  - stage:  the root's direct callee on the chain (normalizer, UrlExtractor, scan, SenderPolicy, ...);
  - inclusive: every function on the chain below the root (a function counted once per sample).
Frames perf could not name (libhs is stripped) show as the DSO name in brackets.
"""
import argparse
import collections
import re
import sys


def frames_of(block):
    """(symbol, dso) per frame of one `perf script` sample, leaf first."""
    out = []
    for line in block[1:]:
        m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$", line)
        if not m:
            continue
        sym, dso = m.group(1), m.group(2)
        sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
        if sym == "[unknown]" or re.fullmatch(r"0x[0-9a-f]+", sym):
            sym = "[" + dso.rsplit("/", 1)[-1] + "]"
        out.append(sym)
    return out


def short(sym, width=110):
    sym = re.sub(r"\(anonymous namespace\)::", "", sym)
    sym = re.sub(r"std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >", "std::string", sym)
    return sym if len(sym) <= width else sym[: width - 3] + "..."


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default="smsfw::filters::Classifier::classify")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()

    total = kept = 0
    self_c, stage_c, incl_c = collections.Counter(), collections.Counter(), collections.Counter()
    block = []

    def flush():
        nonlocal total, kept
        if not block:
            return
        total += 1
        fr = frames_of(block)
        idx = next((i for i, s in enumerate(fr) if s.startswith(args.root)), None)
        if idx is None:
            return
        kept += 1
        self_c[fr[0]] += 1
        stage_c[fr[idx - 1] if idx > 0 else args.root + " (self)"] += 1
        for s in set(fr[:idx]):
            incl_c[s] += 1

    for line in sys.stdin:
        if line.strip() == "":
            flush()
            block = []
        else:
            block.append(line.rstrip("\n"))
    flush()

    print(f"samples: {total}, under {args.root}: {kept} ({100.0 * kept / max(total, 1):.1f}%)")
    for title, counter in (("self (leaf function)", self_c), ("stage (direct callee of the root)", stage_c),
                           ("inclusive (on the chain below the root)", incl_c)):
        print(f"\n{title}:")
        for sym, n in counter.most_common(args.top):
            print(f"  {100.0 * n / max(kept, 1):6.2f}%  {short(sym)}")


if __name__ == "__main__":
    main()
