"""`python -m bot classify`: one message per stdin line -> one JSON classification per stdout line."""

from __future__ import annotations

import json
from typing import TextIO

from bot.content.matcher import Band, Matcher, MatchResult

FALLBACK_TOPIC = "fallback"


def classification(result: MatchResult) -> dict[str, object]:
    """The contract's JSON object for one match: faq_id only when the matcher would answer."""
    faq_id = result.entry_id if result.band == Band.ANSWER else None
    topic = faq_id.split(".", 1)[0] if faq_id else FALLBACK_TOPIC
    return {"text": result.text, "faq_id": faq_id, "topic": topic, "confidence": result.confidence}


def run(stdin: TextIO, stdout: TextIO, matcher: Matcher) -> int:
    """Classify every line of `stdin` (UTF-8) with the webhook's matcher; exit status 0."""
    for line in stdin:
        result = matcher.match(line.rstrip("\r\n"))
        stdout.write(json.dumps(classification(result), ensure_ascii=False) + "\n")
    stdout.flush()
    return 0
