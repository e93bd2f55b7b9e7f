#!/usr/bin/env python3
"""Counts, on the gold beads of this directory (groups held-out-2 and later), how often a
translation merges an English quote continuation (a sentence that is only a quotation, after a
quoted sentence with its attribution: `"X," he said. "Z."`) into the sentence before it, or
drops it, against the rates for any English sentence; and how often the target sentence after
such a merge (into one target sentence) or drop is a quotation alone, against how often the
first target sentence of a continuation kept apart is. These counts are the constants of
`src/align/quotes.rs` (log-odds computed there).

    cargo build --release
    python3 tests/data/align/quote_rates.py [path/to/tmkit] [-v]
"""
import math
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import check_gold  # noqa: E402

ARGS = [a for a in sys.argv[1:] if a != "-v"]
TMKIT = ARGS[0] if ARGS else str(HERE.parents[2] / "target/release/tmkit")
VERBOSE = "-v" in sys.argv

LETTER = re.compile(r"[^\W\d_]")


# The gold reader and the segmenter's sentences of `check_gold.py`, with this script's tmkit.
check_gold.TMKIT = TMKIT
sentences = check_gold.sentences
gold = check_gold.beads


OTHER, UNCLOSED, QUOTE_ONLY, ATTRIBUTED = "other", "unclosed", "quote only", "attributed"


def shape(text):
    """As `quotes::shape` in src/align/quotes.rs: a sentence opened by a quotation is a
    quotation alone, or a quotation with words after it (an attribution)."""
    t = text.strip()
    if not t or t[0] not in '«„“"':
        return OTHER
    stack, closed, after = [], False, False
    for c in t:
        if closed:
            after = after or c.isalpha()
            continue
        if c in "«„":
            stack.append(c)
        elif c in "»”":
            if not stack:
                return OTHER
            stack.pop()
        elif c == "“":
            if stack and stack[-1] == "„":
                stack.pop()
            else:
                stack.append(c)
        elif c == '"':
            if stack and stack[-1] == '"':
                stack.pop()
            else:
                stack.append(c)
        if not stack:
            closed = True
    if not closed:
        return UNCLOSED
    return ATTRIBUTED if after else QUOTE_ONLY


def continuations(sents):
    """Per sentence: whether it continues a quotation, whether it is a quotation alone, and
    whether it opens a quotation it does not close (the segmenter cut it)."""
    shapes = [shape(s) for s in sents]
    return ([i > 0 and shapes[i] == QUOTE_ONLY and shapes[i - 1] == ATTRIBUTED
             for i in range(len(sents))], [s == QUOTE_ONLY for s in shapes],
            [s == UNCLOSED for s in shapes])


def log_odds(k, n):
    return math.log((k + 0.5) / (n - k + 0.5))


def log_rate(k, n, present):
    p = (k + 0.5) / (n + 1)
    return math.log(p if present else 1 - p)


def main():
    names = [p.name[:-len(".en.txt")] for p in sorted(HERE.glob("held-out-*.en.txt"))]
    names = [n for n in names if re.match(r"held-out-\d+-", n)]
    for lang in ("kk", "ru"):
        # For every English sentence after the first: merged into the bead of the one before
        # it, dropped (1:0), or neither; for continuations, whether the target sentence after
        # the bead (merged into one target sentence or quotation, dropped) or the continuation's own first
        # target sentence (apart) is a quotation alone.
        n = {"any": 0, "cont": 0}
        merged = {"any": 0, "cont": 0}
        dropped = {"any": 0, "cont": 0}
        quote_next = {"merged": [0, 0], "dropped": [0, 0], "apart": [0, 0]}
        for name in names:
            g = HERE / f"{name}.en-{lang}.gold"
            if not g.exists():
                continue
            en = sentences(HERE / f"{name}.en.txt", "en")
            tg = sentences(HERE / f"{name}.{lang}.txt", lang)
            cont, _, _ = continuations(en)
            _, t_quote, t_unclosed = continuations(tg)
            bead_of = {}
            for b in gold(g):
                for i in range(*b[0]):
                    bead_of[i] = b
            for i in range(1, len(en)):
                (s, t) = bead_of[i]
                is_merged = bead_of[i - 1] is bead_of[i]
                is_dropped = s == (i, i + 1) and t[0] == t[1]
                for key in ("any", "cont") if cont[i] else ("any",):
                    n[key] += 1
                    merged[key] += is_merged
                    dropped[key] += is_dropped
                if not cont[i]:
                    continue
                one_quotation = t[1] > t[0] and all(t_unclosed[t[0]:t[1] - 1])
                if is_merged and one_quotation:
                    cell, j = quote_next["merged"], t[1]
                elif is_dropped:
                    cell, j = quote_next["dropped"], t[0]
                elif not is_merged and s[0] == i and t[1] > t[0]:
                    cell, j = quote_next["apart"], t[0]
                else:
                    continue
                cell[0] += j < len(tg) and t_quote[j]
                cell[1] += 1
                if VERBOSE:
                    print(f"{name} {lang} {i + 1}: {'merged' if is_merged else 'dropped' if is_dropped else 'apart'}"
                          f" {s[0] + 1}-{s[1]}:{t[0] + 1}-{t[1]}")
        print(f"en-{lang}: English sentences after the first {n['any']}, of them quote"
              f" continuations {n['cont']}")
        for label, c in (("merged into the one before", merged), ("dropped", dropped)):
            d = log_odds(c["cont"], n["cont"]) - log_odds(c["any"], n["any"])
            print(f"  {label}: any {c['any']} of {n['any']} ({c['any'] / n['any']:.1%}),"
                  f" continuation {c['cont']} of {n['cont']} ({c['cont'] / n['cont']:.1%});"
                  f" log-odds difference {d:+.2f}")
        a = quote_next["apart"]
        for label in ("merged", "dropped"):
            m = quote_next[label]
            print(f"  next target sentence a quotation alone: {label} {m[0]} of {m[1]}, apart"
                  f" {a[0]} of {a[1]}; log ratio if so"
                  f" {log_rate(*m, True) - log_rate(*a, True):+.2f}, if not"
                  f" {log_rate(*m, False) - log_rate(*a, False):+.2f}")


if __name__ == "__main__":
    main()
