"""Time and memory of the FAQ matcher at the shipped content size and at 10x (perturbed copies).

Run: .venv/bin/python bench/match.py   (prints median / p99 per message, build time, memory, and
a bare baseline from the same run: `normalise_for_matching` alone and a dict lookup).
"""

from __future__ import annotations

import csv
import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.content.matcher import Matcher  # noqa: E402
from bot.content.normalise import normalise_for_matching, phonetic_key  # noqa: E402
from bot.content.schema import FaqEntry, FaqFile  # noqa: E402

EVAL = ROOT / "tests" / "data" / "eval_messages.tsv"
ROUNDS = 5
SCALE = 10
SEED = 7


def load_entries() -> list[FaqEntry]:
    paths = sorted((ROOT / "content_hindi" / "faq").glob("*.yaml"))
    files = [FaqFile.model_validate(yaml.safe_load(p.read_text("utf-8"))) for p in paths]
    return [entry for faq in files for entry in faq.entries]


def perturb(text: str, rng: random.Random) -> str:
    """A plausible typo variant: drop, double or swap a few letters and shuffle two words."""
    chars = list(text)
    for _ in range(max(1, len(chars) // 12)):
        i = rng.randrange(len(chars))
        op = rng.choice(("drop", "double", "swap"))
        if op == "drop" and len(chars) > 3:
            del chars[i]
        elif op == "double":
            chars.insert(i, chars[i])
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    words = "".join(chars).split()
    if len(words) > 2:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words) or text


def scaled(entries: Sequence[FaqEntry], factor: int) -> list[FaqEntry]:
    """The catalogue plus (factor - 1) perturbed copies of every entry under new ids."""
    rng = random.Random(SEED)
    out = list(entries)
    for copy in range(1, factor):
        for entry in entries:
            out.append(
                entry.model_copy(
                    update={
                        "id": f"{entry.id}_x{copy}",
                        "questions": [perturb(q, rng) for q in entry.questions],
                        "keywords": [perturb(k, rng) for k in entry.keywords],
                    }
                )
            )
    return out


def per_call_us(call: Callable[[str], object], messages: Sequence[str], cold: bool) -> list[float]:
    times = []
    for _ in range(ROUNDS):
        for message in messages:
            if cold:
                phonetic_key.cache_clear()
            start = time.perf_counter_ns()
            call(message)
            times.append((time.perf_counter_ns() - start) / 1000)
    return times


def summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


def build_measured(entries: Sequence[FaqEntry]) -> tuple[Matcher, float, float]:
    """Build once untraced (for the time) and once under tracemalloc (for the peak)."""
    phonetic_key.cache_clear()
    start = time.perf_counter()
    matcher = Matcher.build(entries)
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    Matcher.build(entries)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return matcher, seconds, peak / 2**20


def bench(label: str, entries: Sequence[FaqEntry], messages: Sequence[str]) -> None:
    matcher, build_s, peak_mib = build_measured(entries)
    baseline_med, _ = summary(per_call_us(normalise_for_matching, messages, cold=False))
    lookup = {m: m for m in messages}
    dict_med, _ = summary(per_call_us(lookup.get, messages, cold=False))
    print(f"\n{label}: {len(entries)} entries, build {build_s * 1000:.0f} ms, tracemalloc peak {peak_mib:.1f} MiB")
    for mode, cold in (("warm", False), ("cold", True)):
        med, p99 = summary(per_call_us(matcher.match, messages, cold=cold))
        print(
            f"  match ({mode} word cache): median {med:7.1f} us  p99 {p99:7.1f} us  "
            f"= {med / baseline_med:5.1f}x normalise ({baseline_med:.1f} us), "
            f"{med / dict_med:6.0f}x dict lookup ({dict_med:.2f} us)"
        )


def main() -> int:
    with EVAL.open(encoding="utf-8", newline="") as handle:
        messages = [row["text"] for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    entries = load_entries()
    print(f"{len(messages)} messages x {ROUNDS} rounds; 'cold' clears the phonetic-key cache before each message")
    bench("1x", entries, messages)
    bench(f"{SCALE}x", scaled(entries, SCALE), messages)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess max RSS {rss_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
