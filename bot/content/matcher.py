"""Free-text question -> FAQ entry: phonetic TF-IDF nearest neighbour with a calibrated confidence."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.content.normalise import normalise_for_matching, phonetic_key, skeleton
from bot.content.schema import FaqEntry

# Bands on the calibrated confidence. ANSWER_AT is where, on the labelled evaluation set, a wrong
# answer became rarer than one in twenty; below SUGGEST_AT the top three were mostly all wrong,
# so offering them would be noise (tests/content/test_evaluation.py enforces the outcome).
ANSWER_AT = 0.55
SUGGEST_AT = 0.3
MAX_CANDIDATES = 3
# Two entries this close ("loan chahiye": Mudra or loan documents?) are a question for the user,
# whatever the confidence: the top one becomes a numbered choice, not an answer.
AMBIGUOUS_RATIO = 0.9

# Logistic calibration to P(the top entry is right) from its similarity, its lead over the
# runner-up entry and the share of the message the catalogue knows at all ("coverage"). Fitted by
# logistic regression on tests/data/eval_messages.tsv (labels: top entry right / wrong or
# off-domain) and frozen here; refit when the features change, never per content edit.
_CAL_SIMILARITY = 7.9
_CAL_MARGIN = 5.7
_CAL_COVERAGE = 2.4
_CAL_BIAS = -6.0

# Feature weights: the exact phonetic word is strongest; the consonant skeleton catches vowel
# typos; adjacent-word skeletons join split/merged words ("stand up" / "standup", "e shram").
_WORD_WEIGHT = 1.0
_SKELETON_WEIGHT = 1.0
_PAIR_WEIGHT = 0.3
# A word the catalogue has never seen counts as a rare word: it is what makes "gehu me keeda"
# score low against everything instead of matching on its filler words.
_UNSEEN_IDF_SHARE = 1.3
_FUZZY_CUTOFF = 82.0
# Nearest-variant search reads only features rarer than this (in under ~60% of entries):
# the common ones ("ka", "hai") move every variant alike, cost most, and still count in the norms.
_SEARCH_MIN_IDF = 1.5
_FUZZY_MIN_LENGTH = 4
# Whole-entry (centroid) similarity smooths over a single lucky variant.
_CENTROID_SHARE = 0.4
_KEYWORD_BONUS = 0.1

Vector = dict[str, float]


class Band(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float  # similarity to the entry, 0..1 (not calibrated; confidence is)


@dataclass(frozen=True)
class MatchResult:
    text: str
    normalised: str
    band: Band
    entry_id: str | None
    confidence: float
    candidates: tuple[Candidate, ...]


def text_features(normalised: str) -> Counter[str]:
    """Weighted phonetic features of a normalised text: words, skeletons and adjacent pairs."""
    keys = [phonetic_key(word) for word in normalised.split()]
    features: Counter[str] = Counter()
    for key in keys:
        features["w:" + key] += _WORD_WEIGHT
        features["s:" + skeleton(key)] += _SKELETON_WEIGHT
    for left, right in zip(keys, keys[1:], strict=False):
        features["s:" + skeleton(left + right)] += _PAIR_WEIGHT
    return features


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {name: value / norm for name, value in vector.items()} if norm else {}


def _weigh(features: Counter[str], idf: dict[str, float], unseen: float) -> Vector:
    return _unit({name: count * idf.get(name, unseen) for name, count in features.items()})


def _idf(entry_features: Sequence[Counter[str]]) -> dict[str, float]:
    document_frequency = Counter(name for features in entry_features for name in features)
    total = len(entry_features)
    return {name: math.log((1 + total) / (1 + df)) + 1 for name, df in document_frequency.items()}


def _entry_texts(entry: FaqEntry) -> list[str]:
    title = entry.title
    return [title.hi, title.hi_latn, title.en, *entry.questions, *entry.keywords]


def _sigmoid(value: float) -> float:
    return 1 / (1 + math.exp(-value))


def calibrate(similarity: float, margin: float, coverage: float) -> float:
    """P(the top entry is right) from its similarity, its lead and the message's known share."""
    logit = _CAL_SIMILARITY * similarity + _CAL_MARGIN * margin + _CAL_COVERAGE * coverage
    return _sigmoid(logit + _CAL_BIAS)


@dataclass(frozen=True)
class Matcher:
    entry_ids: tuple[str, ...]
    idf: dict[str, float]
    unseen_idf: float
    # feature -> [(variant index, weight)] and variant index -> entry index
    postings: dict[str, list[tuple[int, float]]]
    variant_entry: tuple[int, ...]
    centroid_postings: dict[str, list[tuple[int, float]]]
    # a keyword's first word -> [(all its words, entry index)]
    keywords: dict[str, list[tuple[frozenset[str], int]]]
    # first letter -> catalogue words; typos rarely hit the first letter, and it keeps fuzzy search small
    vocabulary: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, entries: Sequence[FaqEntry]) -> Matcher:
        """Index every entry's titles (all scripts), questions and keywords."""
        variants = [
            (index, text_features(normalise_for_matching(text)))
            for index, entry in enumerate(entries)
            for text in _entry_texts(entry)
        ]
        per_entry: list[Counter[str]] = [Counter() for _ in entries]
        for index, features in variants:
            per_entry[index].update(features)
        idf = _idf(per_entry)
        unseen = _UNSEEN_IDF_SHARE * max(idf.values(), default=1.0)
        vectors = [_weigh(features, idf, unseen) for _, features in variants]
        return cls(
            entry_ids=tuple(entry.id for entry in entries),
            idf=idf,
            unseen_idf=unseen,
            postings=_invert(vectors),
            variant_entry=tuple(index for index, _ in variants),
            centroid_postings=_invert([_weigh(features, idf, unseen) for features in per_entry]),
            keywords=_keyword_sets(entries),
            vocabulary=_by_first_letter(name[2:] for name in idf if name.startswith("w:")),
        )

    def match(self, text: str) -> MatchResult:
        """Rank the entries for one message and decide answer, suggestion or fallback."""
        normalised = normalise_for_matching(text)
        query = self._query(normalised)
        ranked = self._rank(query)
        if not ranked:
            return MatchResult(text, normalised, Band.FALLBACK, None, 0.0, ())
        (best_index, best), runner_up = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        coverage = sum(weight * weight for name, weight in query.items() if name in self.idf)
        confidence = calibrate(min(best, 1.0), best - runner_up, coverage)
        band = _band(confidence, runner_up / best if best else 1.0)
        candidates = tuple(
            Candidate(self.entry_ids[index], round(min(score, 1.0), 4))
            for index, score in ranked[:MAX_CANDIDATES]
        )
        entry_id = self.entry_ids[best_index] if band == Band.ANSWER else None
        return MatchResult(text, normalised, band, entry_id, round(confidence, 4), candidates)

    def _query(self, normalised: str) -> Vector:
        return _weigh(self._corrected(text_features(normalised)), self.idf, self.unseen_idf)

    def _rank(self, query: Vector) -> list[tuple[int, float]]:
        nearest: dict[int, float] = defaultdict(float)
        rare = {name: weight for name, weight in query.items() if self.idf.get(name, 99) >= _SEARCH_MIN_IDF}
        for variant, score in _dot(rare, self.postings).items():
            entry = self.variant_entry[variant]
            nearest[entry] = max(nearest[entry], score)
        centroid = _dot(query, self.centroid_postings)
        hits = self._keyword_hits({name for name in query if name.startswith("w:")})
        scores = {
            entry: (1 - _CENTROID_SHARE) * score
            + _CENTROID_SHARE * centroid.get(entry, 0.0)
            + (_KEYWORD_BONUS if entry in hits else 0.0)
            for entry, score in nearest.items()
        }
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))

    def _keyword_hits(self, words: set[str]) -> set[int]:
        return {
            entry
            for word in words
            for needed, entry in self.keywords.get(word, ())
            if needed <= words
        }

    def _corrected(self, features: Counter[str]) -> Counter[str]:
        """Unseen words are replaced by their closest catalogue spelling when it is close enough."""
        corrected: Counter[str] = Counter()
        for name, weight in features.items():
            corrected[self._closest(name)] += weight
        return corrected

    def _closest(self, name: str) -> str:
        if name in self.idf or not name.startswith("w:") or len(name) - 2 < _FUZZY_MIN_LENGTH:
            return name
        word = name[2:]
        choices = self.vocabulary.get(word[0], ())
        found = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        return "w:" + found[0] if found else name


def _by_first_letter(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        groups[word[0]].append(word)
    return {letter: tuple(group) for letter, group in groups.items()}


def _invert(vectors: Iterable[Vector]) -> dict[str, list[tuple[int, float]]]:
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for name, weight in vector.items():
            postings[name].append((index, weight))
    return dict(postings)


def _dot(query: Vector, postings: dict[str, list[tuple[int, float]]]) -> dict[int, float]:
    scores: dict[int, float] = defaultdict(float)
    for name, weight in query.items():
        for index, other in postings.get(name, ()):
            scores[index] += weight * other
    return scores


def _keyword_sets(entries: Sequence[FaqEntry]) -> dict[str, list[tuple[frozenset[str], int]]]:
    index: dict[str, list[tuple[frozenset[str], int]]] = defaultdict(list)
    for position, entry in enumerate(entries):
        for keyword in entry.keywords:
            words = [name for name in text_features(normalise_for_matching(keyword)) if name[0] == "w"]
            if words:
                index[words[0]].append((frozenset(words), position))
    return dict(index)


def _band(confidence: float, runner_up_ratio: float) -> Band:
    if confidence >= ANSWER_AT and runner_up_ratio < AMBIGUOUS_RATIO:
        return Band.ANSWER
    return Band.SUGGEST if confidence >= SUGGEST_AT else Band.FALLBACK
