"""``fold`` drops accents only where there are any: the same answer as looking at every
character, for every character."""

import sys
import unicodedata

from zoeken.analysis import fold


def folded_per_character(text):
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_accents_and_ligatures_fold_away():
    assert fold("Cliënt ideeën Ærø ﬁets café") == "client ideeen ærø fiets cafe"
    assert fold("Wijkteam in Den Bosch") == "wijkteam in den bosch"


def test_every_character_folds_as_before():
    characters = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    text = "".join(characters)
    assert fold(text) == folded_per_character(text)
    for i in range(0, len(characters), 5000):  # runs of ASCII and others mixed
        mixed = "a" + "b".join(characters[i:i + 5000]) + "z"
        assert fold(mixed) == folded_per_character(mixed)
