#!/usr/bin/env python3
"""Paired ratios of first-result.sh launches: for each pair "A/B", the median over rounds of
(launch to result of A) / (launch to result of B) in the same round (the script interleaves the
variants, so a round's launches ran close together; a loaded machine moves both). Usage:

  scripts/first-result/paired-ratios.py DIR/<model>/launches.txt "25 vector + AOT cache/25 vector" ...
"""
import re
import statistics
import sys


def main():
    path, pairs = sys.argv[1], sys.argv[2:]
    rows = []  # (variant, ms) in file order
    for line in open(path):
        m = re.match(r"(.*?): launch_to_result=(\d+) ", line)
        if m:
            rows.append((m.group(1), int(m.group(2))))
    variants = list(dict.fromkeys(v for v, _ in rows))
    rounds = [dict(rows[i:i + len(variants)]) for i in range(0, len(rows), len(variants))]
    for pair in pairs:
        a, b = pair.split("/", 1)
        ratios = [r[a] / r[b] for r in rounds if a in r and b in r]
        if not ratios:
            sys.exit(f"no rounds with both {a!r} and {b!r} in {path}")
        print(f"{a} / {b}: median {statistics.median(ratios):.2f} over {len(ratios)} rounds"
              f" ({', '.join(f'{x:.2f}' for x in ratios)})")


main()
