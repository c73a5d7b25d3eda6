#!/usr/bin/env python3
"""Summarizes logs of WarmUpRounds run with -XX:+PrintCompilation (docs/start-up.md, "When C2
does not compile a vector layer"): per log, the C1 bailouts in the vector class, the round and
elapsed ms of the rule's first decision, best and median vector-layer ms of rounds 101+ (with
`WarmUpRounds CLASS 150 all`), and when (ms) the flagship's op14..op26 Pixels6 methods got their
first standard (non-OSR) C2 compile.

  python3 scripts/first-result/jit-rounds.py CLASS_SIMPLE_NAME LOG...   (e.g. M_flag a1.log b1.log)
"""
import re
import sys

cls = sys.argv[1]
for f in sys.argv[2:]:
    t = open(f, errors='replace').read()
    skipped = len(re.findall(re.escape(cls) + r'Vector::.*COMPILE SKIPPED', t))
    # lines cut by PrintCompilation's own output do not match and are left out
    rounds = [(int(a), float(b), float(c), float(d), int(e)) for a, b, c, d, e in re.findall(
        r'round (\d+) vector ([\d.]+) scalar ([\d.]+) elapsed (\d+) decision (-?[01])(?=\n)', t)]
    dec = next(((r, el, d) for r, v, s, el, d in rounds if d != 0), None)
    last = sorted(v for r, v, s, el, d in rounds if r > 100)
    lasts = [s for r, v, s, el, d in rounds if r > 100]
    c2 = []
    for op in range(14, 27, 2):
        m = re.search(r'^\s*(\d+)\s+\d+\s+4\s+\S+\.%sVector::op%dPixels6 \(' % (cls, op), t, re.M)
        c2.append(int(m.group(1)) if m else None)
    print(f.split('/')[-1], 'C1 bailouts', skipped, 'decision (round, elapsed ms, rule)', dec,
          ('vector best/median r101+ %.1f/%.1f scalar best %.1f' % (last[0], last[len(last) // 2], min(lasts)))
          if last else '', 'op14-26 Pixels6 first C2 at ms', c2)
