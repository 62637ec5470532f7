"""Alphabets for the glossary's index: each letter in order, the letter a
word is filed under, and an order a reader of that language expects.

Sorting Persian by code point puts پ چ ژ ک گ ی after every Arabic letter;
here they sit where a Persian dictionary puts them.
"""

ALPHABETS = {
    "en": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "fa": "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
}
# Persian files آ under ا, and reads Arabic kaf and yeh as its own letters.
FOLD = str.maketrans(
    {"آ": "ا", "أ": "ا", "إ": "ا", "ك": "ک", "ي": "ی", "ى": "ی", "ؤ": "و", "ة": "ه"}
)
JOINERS = dict.fromkeys(map(ord, "\u200c\u200d\u00ad"))


def _alphabet(language: str) -> str:
    return ALPHABETS.get(language, ALPHABETS["en"])


def letter_of(word: str, language: str) -> str:
    """The index letter a word is filed under ("" when it has none)."""
    first = word.strip()[:1].upper().translate(FOLD)
    return first if first in _alphabet(language) else ""


def sort_key(word: str, language: str) -> tuple:
    alphabet = _alphabet(language)
    text = word.casefold().translate(FOLD).translate(JOINERS)
    return tuple(
        alphabet.find(char.upper())
        if char.upper() in alphabet
        else len(alphabet) + ord(char)
        for char in text
    )


def index(items, *, language: str, word=str) -> list[dict]:
    """Every letter of the alphabet, in order, with the items filed under it.

    `word(item)` gives the text an item is filed by. Items under no letter
    (a digit, a Latin word on a Persian page) come last, under "#".
    """
    filed = {}
    for item in sorted(items, key=lambda item: sort_key(word(item), language)):
        filed.setdefault(letter_of(word(item), language), []).append(item)
    letters = [
        {"letter": letter, "anchor": f"letter-{number}", "items": filed.get(letter, [])}
        for number, letter in enumerate(_alphabet(language), start=1)
    ]
    if filed.get(""):
        letters.append({"letter": "#", "anchor": "letter-other", "items": filed[""]})
    return letters
