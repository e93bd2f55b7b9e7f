#!/usr/bin/env python3
"""Checks the gold beads of this directory against tmkit's segmenter (no aligner involved):
every bead line is `EN<TAB>TARGET` with sides `N`, `N-M` or empty, beads are contiguous and
never empty, and the beads' sentences, concatenated, are exactly the segmenter's sentences of
both files, in order. Also checks that the texts are NFC and that no Cyrillic word of a
translation holds a Latin look-alike letter. Prints the bead shapes of each report.

    python3 tests/data/align/check_gold.py [path/to/tmkit] [-v]   (-v prints every bead)
"""
import json
import pathlib
import re
import subprocess
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
ARGS = [a for a in sys.argv[1:] if a != "-v"]
TMKIT = ARGS[0] if ARGS else str(HERE.parents[2] / "target/debug/tmkit")
VERBOSE = "-v" in sys.argv
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def sentences(path, lang):
    out = subprocess.run([TMKIT, "segment", "--json", "--lang", lang, str(path)],
                         check=True, capture_output=True, text=True).stdout
    return [s["text"] for s in json.loads(out)]


def beads(path):
    out, ns, nt = [], 0, 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 2 or not all(re.fullmatch(r"(\d+(-\d+)?)?", p) for p in parts):
            raise ValueError(f"{path.name}:{n}: not a bead line: {line!r}")

        def side(s, nxt):
            if not s:
                return (nxt, nxt)
            lo, _, hi = s.partition("-")
            return (int(lo) - 1, int(hi or lo))

        s, t = side(parts[0], ns), side(parts[1], nt)
        if s[0] != ns or t[0] != nt or s[1] < s[0] or t[1] < t[0]:
            raise ValueError(f"{path.name}:{n}: bead does not follow the previous one")
        if s == (ns, ns) and t == (nt, nt):
            raise ValueError(f"{path.name}:{n}: empty bead")
        ns, nt = s[1], t[1]
        out.append((s, t))
    return out


def main():
    ok = True
    for en_path in sorted(HERE.glob("*.en.txt")):
        name = en_path.name[: -len(".en.txt")]
        en = sentences(en_path, "en")
        for lang in ("kk", "ru"):
            tg_path = HERE / f"{name}.{lang}.txt"
            text = tg_path.read_text(encoding="utf-8")
            if unicodedata.normalize("NFC", text) != text:
                print(f"{tg_path.name}: not NFC")
                ok = False
            for word in re.findall(r"\w+", text):
                if CYRILLIC.search(word) and re.search(r"[A-Za-z]", word):
                    print(f"{tg_path.name}: Latin letter in a Cyrillic word: {word}")
                    ok = False
            tg = sentences(tg_path, lang)
            gold = beads(HERE / f"{name}.en-{lang}.gold")
            # The last bead must end at the last sentence of each side: a slice past the
            # end of a list is empty in Python, so the concatenation alone would not see a
            # gold that numbers more sentences than the segmenter finds.
            ends = (gold[-1][0][1], gold[-1][1][1]) if gold else (0, 0)
            same = (ends == (len(en), len(tg))
                    and [x for s, _ in gold for x in en[s[0]:s[1]]] == en
                    and [x for _, t in gold for x in tg[t[0]:t[1]]] == tg)
            ok &= same
            shapes = {}
            for s, t in gold:
                k = f"{s[1] - s[0]}:{t[1] - t[0]}"
                shapes[k] = shapes.get(k, 0) + 1
            print(f"{name:28} en-{lang} en {len(en):3} {lang} {len(tg):3} beads {len(gold):3} "
                  f"{dict(sorted(shapes.items()))} {'ok' if same else 'DOES NOT MATCH THE SEGMENTER'}")
            if VERBOSE:
                for s, t in gold:
                    print("   en", " | ".join(en[s[0]:s[1]]))
                    print("   " + lang, " | ".join(tg[t[0]:t[1]]))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
