#!/usr/bin/env python3
"""Checks the prevention corpus (docs/prevention-corpus.md) against the extractor.

For every document in manifest.json it runs `./run.sh extract <file> --json` once and reports
a document whose incident date is not extracted. For every pair it reports:
  - an earlier document whose extracted date is not before the later one's,
  - an earlierItem that is no substring of any extracted actionable's text (title or description)
    of the earlier document, or that matches only actionables the extractor marks done,
  - an evidence quote that is not verbatim in the later document (a labelling error, not an
    extractor miss).
It prints one line per failure and a summary, and exits 1 when anything failed. Documents are
never edited to suit the extractor: a failure here is a finding to report.

Usage: python3 tests/prevention-corpus/check.py [--jobs N]
"""
import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
VERDICTS = {"WOULD_HAVE_PREVENTED", "WOULD_HAVE_MITIGATED"}


def extract(path):
    run = subprocess.run([os.path.join(REPO, "run.sh"), "extract", path, "--json"],
                         cwd=REPO, capture_output=True, text=True)
    if run.returncode != 0:
        return None, (run.stderr.strip() or run.stdout.strip())[:300]
    try:
        return json.loads(run.stdout), None
    except json.JSONDecodeError as error:
        return None, f"output is not JSON: {error}"


def normalise(text):
    return " ".join(text.split()).casefold()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    manifest = json.load(open(os.path.join(HERE, "manifest.json"), encoding="utf-8"))
    files = [d["file"] for d in manifest["documents"]]
    failures = []

    missing = [f for f in files if not os.path.isfile(os.path.join(HERE, f))]
    failures += [f"document {f}: file missing" for f in missing]
    present = [f for f in files if f not in missing]

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = dict(zip(present, pool.map(lambda f: extract(os.path.join(HERE, f)), present)))

    dates = {}
    for f in present:
        result, error = results[f]
        if result is None:
            failures.append(f"document {f}: extract failed: {error}")
            continue
        dates[f] = result["incident"].get("date")
        if not dates[f]:
            failures.append(f"document {f}: no incident date extracted")

    for i, pair in enumerate(manifest["pairs"], 1):
        later, earlier = pair["later"], pair["earlier"]
        name = f"pair {i} ({os.path.basename(later)} -> {os.path.basename(earlier)})"
        if pair.get("verdict") not in VERDICTS:
            failures.append(f"{name}: verdict {pair.get('verdict')!r} is not one of {sorted(VERDICTS)}")
        for f in (later, earlier):
            if f not in files:
                failures.append(f"{name}: {f} is not in documents")
        if later not in results or earlier not in results:
            continue

        raw_later = open(os.path.join(HERE, later), encoding="utf-8").read()
        if normalise(pair["evidence"]) not in normalise(raw_later):
            failures.append(f"{name}: evidence is not quoted verbatim from the later document")

        if dates.get(earlier) and dates.get(later) and not dates[earlier] < dates[later]:
            failures.append(f"{name}: extracted dates not in order (earlier {dates[earlier]}, later {dates[later]})")

        extracted, _ = results[earlier]
        if extracted is None:
            continue
        item = normalise(pair["earlierItem"])
        matches = [a for a in extracted["actionables"]
                   if item in normalise((a.get("title") or "") + " " + (a.get("description") or ""))]
        if not matches:
            failures.append(f"{name}: earlierItem {pair['earlierItem']!r} is in no extracted actionable of the earlier document")
        elif all(a.get("done") is True for a in matches):
            failures.append(f"{name}: earlierItem matches only actionables extracted as done")

    for line in failures:
        print(line)
    print(f"checked {len(present)} documents and {len(manifest['pairs'])} pairs: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
