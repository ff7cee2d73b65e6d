"""Real farmers' questions (KCC transcripts) against the matcher: per-domain fallback / own / elsewhere.

Reads ../shared/data/kcc-real-queries.jsonl (beside the repository) when present (never copied into the project) and
skips otherwise. Run: .venv/bin/python bench/kcc_eval.py [--misses]
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.content.matcher import Band, Matcher, MatchResult  # noqa: E402
from bot.content.schema import FaqEntry, FaqFile  # noqa: E402

KCC = Path(__file__).resolve().parents[2] / "shared" / "data" / "kcc-real-queries.jsonl"  # ../shared
OFF_DOMAIN = "offdomain"
# The catalogue files Kisan Credit Card under schemes; KCC's call-centre labels call it credit.
ALSO_OWN = {"credit": {"scheme.kcc"}}


def load_entries() -> list[FaqEntry]:
    paths = sorted((ROOT / "content_hindi" / "faq").glob("*.yaml"))
    files = [FaqFile.model_validate(yaml.safe_load(p.read_text("utf-8"))) for p in paths]
    return [entry for faq in files for entry in faq.entries]


def outcome(result: MatchResult, domain: str, band: Band) -> str:
    """fell back / own domain / elsewhere, counting only results at or above `band`."""
    bands = (Band.ANSWER,) if band == Band.ANSWER else (Band.ANSWER, Band.SUGGEST)
    if result.band not in bands or not result.candidates:
        return "fell back"
    entry_id = result.candidates[0].entry_id
    own = entry_id.split(".", 1)[0] == domain or entry_id in ALSO_OWN.get(domain, set())
    return "own domain" if own else "elsewhere"


def report(rows: list[dict[str, str]], results: list[MatchResult], band: Band) -> None:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row, result in zip(rows, results, strict=True):
        counts[row["domain"]][outcome(result, row["domain"], band)] += 1
    note = " or above" if band == Band.SUGGEST else ""
    print(f"\nlanding = band {band.value}{note} (scheme.kcc counts as credit: {ALSO_OWN})")
    print(f"{'domain':14s} {'n':>4s} {'fell back':>10s} {'own domain':>11s} {'elsewhere':>10s}")
    for domain in sorted(counts):
        c = counts[domain]
        n = sum(c.values())
        print(f"{domain:14s} {n:4d} {c['fell back'] / n:10.0%} {c['own domain'] / n:11.0%} {c['elsewhere'] / n:10.0%}")


def main() -> int:
    if not KCC.exists():
        print(f"skipped: {KCC} not present")
        return 0
    rows = [json.loads(line) for line in KCC.read_text("utf-8").splitlines() if line.strip()]
    matcher = Matcher.build(load_entries())
    results = [matcher.match(row["text"]) for row in rows]
    report(rows, results, Band.ANSWER)
    report(rows, results, Band.SUGGEST)
    if "--misses" in sys.argv:
        for row, result in zip(rows, results, strict=True):
            landed = outcome(result, row["domain"], Band.SUGGEST)
            bad = landed != "fell back" if row["domain"] == OFF_DOMAIN else landed != "own domain"
            if bad:
                top = result.candidates[0].entry_id if result.candidates else "-"
                print(f"{row['domain']:12s} {result.band.value:8s} {result.confidence:.2f} {top:28s} {row['text']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
