"""Pure text normalisation: cleaning inbound text, and the forms used for keywords and matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indic_transliteration import sanscript

# Zero-width and bidi formatting characters that phones and keyboards insert invisibly.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e"), None
)
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
# Emoji keycap digits ("1️⃣") keep their digit once the selector and keycap marks are dropped.
_KEYCAP_MARKS = dict.fromkeys(map(ord, "\ufe0f\ufe0e\u20e3"), None)
_SPACES = re.compile(r"\s+")


def clean_text(raw: str) -> str:
    """NFC text without control or zero-width characters (newlines and tabs kept as spaces/newlines)."""
    text = unicodedata.normalize("NFC", raw).translate(_INVISIBLE)
    kept = []
    for char in text:
        if char in "\n\t":
            kept.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def _is_punctuation(char: str) -> bool:
    return char != "#" and unicodedata.category(char)[0] in ("P", "S")


def ascii_digits(text: str) -> str:
    """Devanagari digits ०–९ become 0–9."""
    return text.translate(_DEVANAGARI_DIGITS)


def command_form(text: str) -> str:
    """The form whole-message keywords are compared in: clean, ASCII digits, casefolded, no punctuation."""
    text = ascii_digits(clean_text(text)).casefold().translate(_KEYCAP_MARKS)
    text = text.replace("।", " ").replace("॥", " ")
    text = "".join(" " if _is_punctuation(char) else char for char in text)
    return _SPACES.sub(" ", text).strip()


# --- Matching forms --------------------------------------------------------------------------

# Nukta letters (क़ ज़ फ़) are written with and without the dot by the same people, and chandrabindu
# (ँ) and anusvara (ं) are interchangeable on phone keyboards, so matching ignores the difference.
_NUKTA_AND_NASAL = {ord("\u093c"): None, ord("\u0901"): "\u0902"}
# Stretched letters ("pleeease", "लोoooन") shrink to one; digit runs ("1000") are kept.
_REPEATS = re.compile(r"([^\d\s])\1{2,}")

# SMS shorthand that no spelling rule can recover (single letters, abbreviations). Vowel and
# consonant spelling variants ("kese", "mudhra") are left to `phonetic_key` instead.
SMS_SHORTHAND: dict[str, str] = {
    "h": "hai", "he": "hai", "hh": "hai", "hy": "hai",
    "k": "ke", "ky": "kya", "kee": "ki",
    "plz": "please", "pls": "please", "plss": "please", "plj": "please", "pliz": "please",
    "nhi": "nahi", "nai": "nahi", "nahin": "nahi", "nhin": "nahi",
    "kr": "kar", "krna": "karna", "krne": "karne", "krein": "karen", "kro": "karo", "kre": "kare",
    "mjhe": "mujhe", "muje": "mujhe", "mko": "mujhko", "hme": "hame",
    "bta": "bata", "btao": "batao", "btaye": "bataye", "btayen": "bataye", "bataiye": "bataye",
    "skta": "sakta", "skte": "sakte", "skti": "sakti", "sakate": "sakte",
    "thx": "thanks", "thnx": "thanks", "thanx": "thanks", "tnx": "thanks", "ty": "thanks",
    "u": "you", "ur": "your", "abt": "about", "wat": "what", "wht": "what",
    "govt": "government", "sarkar": "sarkari", "yojna": "yojana",
    "doc": "document", "docs": "documents", "ac": "account", "acc": "account", "accnt": "account",
    "reg": "registration", "regn": "registration", "regd": "registered",
    "info": "jankari", "jaankari": "jankari", "amt": "amount",
}


def _strip_marks(text: str) -> str:
    return text.translate(_NUKTA_AND_NASAL)


def _expand_shorthand(word: str) -> str:
    return SMS_SHORTHAND.get(word, word)


def normalise_for_matching(text: str) -> str:
    """Lower-case words in their own script, shorthand expanded, ready for `phonetic_key`."""
    text = _strip_marks(ascii_digits(clean_text(text)).casefold().translate(_KEYCAP_MARKS))
    text = "".join(" " if _is_punctuation(char) or char == "#" else char for char in text)
    words = _REPEATS.sub(r"\1", text.replace("।", " ").replace("॥", " ")).split()
    return " ".join(_expand_shorthand(word) for word in words)


# Roman spelling rules, applied in order, that fold the ways Hindi is typed in Latin letters (and
# Devanagari romanised by `sanscript`) onto one spelling: aspiration and vowel length are dropped
# because SMS writers drop them ("mudhra"/"mudra", "loan"/"lon", "kese"/"kaise").
_ROMAN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"sch", "sk"), (r"ch+h?", "C"), (r"ck", "k"), (r"c(?=[eiy])", "s"), (r"c", "k"),
        (r"C", "c"), (r"[ts]ion", "san"), (r"g(?=[ei])", "j"), (r"sh|zh", "s"), (r"ph", "f"),
        (r"x", "ks"), (r"q", "k"), (r"z", "j"), (r"w", "v"), (r"([kgjtdb])h", r"\1"),
        (r"m(?=[pb])", "n"), (r"ri(?=[^aeiou]|$)", "r"), (r"([^aeiou])\1+", r"\1"),
        (r"aa+", "a"), (r"ee+|ii+|iy(?=[^aeiou]|$)|ie$", "i"), (r"oo+|uu+|ou", "u"), (r"oa|ow", "o"),
        (r"ai|ay|ae|ei|ey", "e"), (r"au|aw", "o"), (r"([aeiou])\1+", r"\1"),
    )
)
_SKELETON_DROP = re.compile(r"(?<=.)[aeiouyh]")
_FIRST_VOWEL = re.compile(r"^[aeiou]")
# English acronyms spelt out in Devanagari (जीएसटी, पीएम, ईएमआई) are read back as their letters.
_LETTER_NAMES = {
    "ए": "a", "बी": "b", "सी": "c", "डी": "d", "ई": "e", "एफ": "f", "जी": "g", "एच": "h",
    "आई": "i", "जे": "j", "के": "k", "एल": "l", "एम": "m", "एन": "n", "ओ": "o", "पी": "p",
    "क्यू": "q", "आर": "r", "एस": "s", "टी": "t", "यू": "u", "वी": "v", "डब्ल्यू": "w",
    "एक्स": "x", "वाई": "y", "जेड": "z",
}
_LETTER_NAME = "|".join(sorted(_LETTER_NAMES, key=len, reverse=True))
_ACRONYM = re.compile(f"(?:{_LETTER_NAME}){{2,}}")
_LETTER = re.compile(_LETTER_NAME)
_INHERENT_A = re.compile(r"(?<=[^aeiouAEIOU])a$")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def _romanise(word: str) -> str:
    if _ACRONYM.fullmatch(word):
        return "".join(_LETTER_NAMES[name] for name in _LETTER.findall(word))
    roman = sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.OPTITRANS)
    # Hindi drops the final inherent vowel (लोन is "lon", not "lona"); long ā is "A" here, so safe.
    roman = _INHERENT_A.sub("", roman).replace("R", "ri").replace(".N", "n").replace("M", "n")
    return _DEVANAGARI.sub("", roman).lower()


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """One Roman spelling for a word typed in Devanagari or in Roman Hindi ("मुद्रा", "mudhra" -> "mudra")."""
    roman = _romanise(word) if _DEVANAGARI.search(word) else word
    for pattern, replacement in _ROMAN_RULES:
        roman = pattern.sub(replacement, roman)
    return roman


def skeleton(key: str) -> str:
    """The consonants of a phonetic key; a leading vowel becomes "a" ("kisan" -> "ksn", "emi" -> "am")."""
    return _SKELETON_DROP.sub("", _FIRST_VOWEL.sub("a", key))
