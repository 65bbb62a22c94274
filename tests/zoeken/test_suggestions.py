""""Bedoelde u": rapidfuzz only narrows the words difflib looks at, so the corrected word
is difflib's own, for typos of real words and for any other string."""

import difflib
import html
import string
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from zoeken.suggestions import CUTOFF, closest_word, is_known
from zoeken.text import content_words

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


# The real content's words, as the vocabulary holds them (at least four letters); the
# files' keys and markup add a few words that are no less words to a typo.
VOCABULARY = sorted({
    word
    for path in FIXTURES.rglob("*.json")
    for word in content_words(html.unescape(path.read_text(encoding="utf-8")))
    if len(word) >= 4
})
LETTERS = string.ascii_lowercase + "ëé"


def difflib_alone(word):
    found = difflib.get_close_matches(word, VOCABULARY, n=1, cutoff=CUTOFF)
    return found[0] if found else None


@st.composite
def typos(draw):
    """A word of the vocabulary with one to three letters left out, added, changed or
    swapped."""
    word = list(draw(st.sampled_from(VOCABULARY)))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(word) - 1))
        edit = draw(st.sampled_from(["drop", "add", "change", "swap"]))
        letter = draw(st.sampled_from(LETTERS))
        if edit == "drop" and len(word) > 1:
            del word[at]
        elif edit == "add":
            word.insert(at, letter)
        elif edit == "change":
            word[at] = letter
        elif at + 1 < len(word):
            word[at], word[at + 1] = word[at + 1], word[at]
    return "".join(word)


def test_the_vocabulary_is_the_real_contents():
    assert len(VOCABULARY) > 2000
    assert {"kwartiermaken", "ervaringsdeskundige", "netwerkcoach"} <= set(VOCABULARY)


def test_known_misspellings_are_corrected():
    assert closest_word("kwartiermakn", VOCABULARY) == "kwartiermaken"
    assert closest_word("netwerkcoch", VOCABULARY) == "netwerkcoach"
    assert closest_word("xqzvw", VOCABULARY) is None


@given(typos())
def test_a_typo_gets_difflibs_word(word):
    assert closest_word(word, VOCABULARY) == difflib_alone(word)


@given(st.text(alphabet=LETTERS, min_size=4, max_size=18))
def test_any_word_gets_difflibs_word(word):
    assert closest_word(word, VOCABULARY) == difflib_alone(word)


@given(st.text(alphabet=LETTERS, min_size=1, max_size=12) | st.sampled_from(VOCABULARY))
def test_known_means_in_the_vocabulary(word):
    assert is_known(word, VOCABULARY) == (word in set(VOCABULARY))
