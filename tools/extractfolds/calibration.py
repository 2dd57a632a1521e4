#!/usr/bin/env python3
"""Per-field calibration of the extractor's confidence on a corpus.

usage: calibration.py CORPUS_DIR BINARY [-v]

For every field of the contract: how often it is right or wrong when
marked high, and when marked low, with the same normalisation as
score-extract (imported from ../shared/tools/score-extract). -v lists the
files of wrong-but-high fields. Use it on folds 0-3 only: fold 4 is blind.
"""
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
score_path = os.path.join(here, "..", "..", "..", "shared", "tools", "score-extract")
loader = importlib.machinery.SourceFileLoader("score_extract", score_path)
spec = importlib.util.spec_from_loader("score_extract", loader)
se = importlib.util.module_from_spec(spec)
loader.exec_module(se)


def main(argv):
    corpus, binary = argv[0], argv[1]
    verbose = "-v" in argv
    table = {f: {"hr": 0, "hw": 0, "lr": 0, "lw": 0} for f in se.SCALARS + se.SETS}
    wrong_high = {f: [] for f in table}
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".gold.json"):
            continue
        stem = name[: -len(".gold.json")]
        src = [f for f in os.listdir(corpus) if f.startswith(stem + ".") and not f.endswith(".json")]
        if not src:
            continue
        gold = json.load(open(os.path.join(corpus, name), encoding="utf-8"))
        p = subprocess.run([binary, "extract", os.path.join(corpus, src[0])], capture_output=True)
        got = json.loads(p.stdout) if p.returncode == 0 else {}
        if isinstance(got, list):
            got = got[0] if got else {}
        low = {e.get("field") for e in got.get("evidence") or [] if e.get("confidence") == "low"}
        for f in se.SCALARS:
            g, o = se.norm_scalar(f, gold.get(f)), se.norm_scalar(f, got.get(f))
            ok = g == o
            if f == "organization" and g is not None and o is not None:
                ok = se.norm_org(gold.get(f)) == se.norm_org(got.get(f))
            key = ("l" if f in low else "h") + ("r" if ok else "w")
            table[f][key] += 1
            if key == "hw":
                wrong_high[f].append(stem)
        for f in se.SETS:
            ok = se.norm_set(f, gold.get(f)) == se.norm_set(f, got.get(f))
            key = ("l" if f in low else "h") + ("r" if ok else "w")
            table[f][key] += 1
            if key == "hw":
                wrong_high[f].append(stem)
    print(f"{'field':24s} {'high right':>10s} {'high wrong':>10s} {'low right':>10s} {'low wrong':>10s}")
    tot = {"hr": 0, "hw": 0, "lr": 0, "lw": 0}
    for f, c in table.items():
        print(f"{f:24s} {c['hr']:10d} {c['hw']:10d} {c['lr']:10d} {c['lw']:10d}"
              + ("   " + " ".join(wrong_high[f]) if verbose and wrong_high[f] else ""))
        for k in tot:
            tot[k] += c[k]
    n = sum(tot.values())
    print(f"{'all':24s} {tot['hr']:10d} {tot['hw']:10d} {tot['lr']:10d} {tot['lw']:10d}")
    print(f"marked low {100 * (tot['lr'] + tot['lw']) / n:.1f}%; wrong and not marked low "
          f"{100 * tot['hw'] / n:.1f} in 100 fields")


if __name__ == "__main__":
    main(sys.argv[1:])
