#!/usr/bin/env python3
"""Scores tmkit's aligner and the Gale-Church baseline (PyPI `galechurch`) on the gold
beads of this directory: precision, recall and F1 over beads, a bead counting only when
both sides are exactly right.

    pip install galechurch
    cargo build --release
    python3 tests/data/align/compare_galechurch.py [path/to/tmkit [path/to/tm.db]]

tmkit runs without and with the bundled glossary (`--glossary glossary`). Both aligners
see the same sentences (tmkit's segmentation, read from `tmkit align
--json`) and the whole document at once (paragraph counts differ between the languages,
so Gale-Church cannot be run paragraph by paragraph). Gale-Church runs twice: with its
published defaults (c = 1, s2 = 6.8) and with c set to the document pair's character
ratio.
"""
import re
import json
import pathlib
import subprocess
import sys

import galechurch

HERE = pathlib.Path(__file__).resolve().parent
TMKIT = sys.argv[1] if len(sys.argv) > 1 else str(HERE.parents[2] / "target/release/tmkit")
# A TM to align with (its length ratio, its pairs and the word pairs it teaches); by
# default none.
DB = sys.argv[2] if len(sys.argv) > 2 else "/nonexistent/none.db"


def parse_gold(path):
    beads, ns, nt = [], 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0]
        if not line.strip():
            continue
        a, b = line.split("\t")

        def side(s, nxt):
            s = s.strip()
            if not s:
                return (nxt, nxt)
            lo, _, hi = s.partition("-")
            return (int(lo) - 1, int(hi or lo))

        s, t = side(a, ns), side(b, nt)
        ns, nt = s[1], t[1]
        beads.append((s, t))
    return beads


def by_sides(bead):
    (s, t) = bead
    if s[0] == s[1]:
        return (None, t)
    if t[0] == t[1]:
        return (s, None)
    return bead


def score(pred, gold, key=lambda b: b):
    g = set(map(key, gold))
    correct = sum(1 for p in pred if key(p) in g)
    return correct, len(pred), len(gold)


def f1(c, p, g):
    prec = c / p if p else 0.0
    rec = c / g if g else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main():
    totals = {}
    for en in sorted(HERE.glob("*.en.txt")):
        name = en.name[: -len(".en.txt")]
        for lang in ("kk", "ru"):
            gold_path = HERE / f"{name}.en-{lang}.gold"
            if not gold_path.exists():
                continue
            gold = parse_gold(gold_path)
            tgt = HERE / f"{name}.{lang}.txt"
            def tmkit(*extra):
                out = subprocess.run(
                    [TMKIT, "--db", DB, "align", str(en), str(tgt), "--json", *extra],
                    check=True, capture_output=True, text=True,
                ).stdout
                return json.loads(out)

            def spans(beads):
                i = j = 0
                out = []
                for b in beads:
                    a, c = len(b["source"]), len(b["target"])
                    out.append(((i, i + a), (j, j + c)))
                    i, j = i + a, j + c
                return out

            beads = tmkit()
            with_glossary = spans(tmkit("--glossary", str(HERE.parents[2] / "glossary")))
            src_s = [s for b in beads for s in b["source"]]
            tgt_s = [s for b in beads for s in b["target"]]
            ours = spans(beads)
            gc = galechurch.align(src_s, tgt_s)
            gc_pred = [((b.source_start, b.source_end), (b.target_start, b.target_end)) for b in gc.beads]
            ratio = sum(map(len, tgt_s)) / max(1, sum(map(len, src_s)))
            gcr = galechurch.align(src_s, tgt_s, mean_xy=ratio)
            gcr_pred = [((b.source_start, b.source_end), (b.target_start, b.target_end)) for b in gcr.beads]
            m = re.match(r"held-out(?:-(\d+)-)?", name)
            group = "dev" if not m else "held-out" if not m.group(1) else f"held-out-{m.group(1)}"
            systems = (
                ("tmkit", ours),
                ("tmkit --glossary", with_glossary),
                ("gale-church", gc_pred),
                ("gale-church c=ratio", gcr_pred),
            )
            for system, pred in systems:
                c, p, g = score(pred, gold, by_sides)
                cs = score(pred, gold)[0]
                key = (group, lang, system)
                t = totals.setdefault(key, [0, 0, 0, 0])
                t[0] += c
                t[1] += p
                t[2] += g
                t[3] += cs
                print(f"{name:28} en-{lang} {system:20} P {f1(c,p,g)[0]:.3f} R {f1(c,p,g)[1]:.3f} F1 {f1(c,p,g)[2]:.3f}  F1 strict {f1(cs,p,g)[2]:.3f}")
    print()
    def order(item):
        (group, lang, system), _ = item
        number = 0 if group == "dev" else int(group[9:] or 1)
        return (number, lang, system)

    for (group, lang, system), (c, p, g, cs) in sorted(totals.items(), key=order):
        pr, rc, f = f1(c, p, g)
        print(f"{group:11} en-{lang} {system:20} beads {g:3}  P {pr:.3f} R {rc:.3f} F1 {f:.3f}  F1 strict {f1(cs, p, g)[2]:.3f}")


if __name__ == "__main__":
    main()
