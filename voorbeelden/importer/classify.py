"""Which page type a document is: from labels, addresses and structure first, words second."""

import re

KINDS = ("lab", "werkbezoek", "artikel", "interventie", "handreiking")

# (pattern, weight) per kind; matched case-insensitively against the text.
WORDS = {
    "lab": [(r"verdiwel[- ]lab", 4), (r"\blabs?\b", 2), (r"\bpitch(?:es)?\b", 2),
            (r"\binzichten\b", 1), (r"\bcasus\b", 1), (r"\bdeelnemers\b", 1)],
    "werkbezoek": [(r"\bwerkbezoek(?:en)?\b", 3), (r"\bbezoek aan\b", 2),
                   (r"\bprogramma\b", 1), (r"\bgastorganisatie\b", 2), (r"\brondleiding\b", 1)],
    "artikel": [(r"\bnieuwsbericht\b", 4), (r"\bnieuws\b", 2), (r"\bminuten lezen\b", 3),
                (r"\bartikel\b", 1), (r"\bin dit artikel\b", 3), (r"\binterview\b", 1)],
    "interventie": [(r"\bgoede? (?:praktijk)?voorbeeld(?:en)?\b", 1),
                    (r"\bpraktijkvoorbeeld\b", 2), (r"\binterventie\b", 2),
                    (r"\bdoelgroep\b", 2), (r"\bwerkzame elementen\b", 4), (r"\baanpak\b", 1),
                    (r"\bdoel(?:stelling)?\s*:", 2), (r"\bresultaten\b", 1)],
    "handreiking": [(r"\bhandreiking\b", 3), (r"\bhoofdstuk\b", 2), (r"\bliteratuur\b", 1),
                    (r"\bin deze handreiking\b", 4), (r"\bpraktische tips\b", 2),
                    (r"\bstappenplan\b", 2)],
}
# Strong signals from a page's address, breadcrumbs, og:type or a label line.
HINTS = [
    (r"/labs?/|verdiwel[- ]lab|\blab\b", "lab"),
    (r"werkbezoek", "werkbezoek"),
    (r"/nieuws|nieuwsbericht|\bnieuws\b|/artikel|/actueel|\barticle\b|/blog", "artikel"),
    (r"goede-voorbeelden|goede voorbeelden|praktijkvoorbeeld|/interventie|/projecten",
     "interventie"),
    (r"handreiking|/publicaties|/handboek", "handreiking"),
]
HEAD = 3000  # the opening of a text weighs more


def _required_text(pattern):
    """Lower-case text every match of ``pattern`` contains (its literal start), so a text
    without it needs no regex scan: r"\\blabs?\\b" -> "lab", r"goede? ..." -> "goed"."""
    body = pattern.removeprefix(r"\b")
    literal = re.match(r"[a-z ]*", body).group(0)
    if body[len(literal):len(literal) + 1] == "?":
        literal = literal[:-1]
    return literal


_WORDS = {kind: [(re.compile(p, re.IGNORECASE), w, _required_text(p)) for p, w in pats]
          for kind, pats in WORDS.items()}
_HINTS = [(re.compile(p, re.IGNORECASE), kind) for p, kind in HINTS]


def detect_kind(title="", text="", hints="", labels=(), chapters=0, sections=0):
    """The best-fitting kind and the scores it was chosen from; ``sections`` is how many of
    a practice example's parts (doel, doelgroep, resultaten, contact ...) have a heading."""
    scores = dict.fromkeys(KINDS, 0)
    if sections >= 2:
        scores["interventie"] += 6 * sections
    for label in labels:
        scores[label] += 12
    for pattern, kind in _HINTS:
        if pattern.search(hints or ""):
            scores[kind] += 8
    text, title = text or "", title or ""
    lower_text, lower_title = text.lower(), title.lower()
    for kind, patterns in _WORDS.items():
        for pattern, weight, required in patterns:
            if required in lower_title:
                scores[kind] += weight * 4 * len(pattern.findall(title))
            if required in lower_text:
                in_head, in_text = _counts(pattern, text)
                scores[kind] += weight * in_head + weight * in_text // 2
    if chapters >= 3:
        scores["handreiking"] += 10
    best = max(KINDS, key=lambda k: (scores[k], k == "artikel"))
    if scores[best] == 0:
        best = "artikel"
    return best, scores


def _counts(pattern, text, head=HEAD, head_cap=3, text_cap=5):
    """Matches in the first ``head`` characters (at most head_cap) and in the whole text (at
    most text_cap), in one pass that stops as soon as both caps are reached."""
    in_head = in_text = 0
    for match in pattern.finditer(text):
        in_text += 1
        if match.end() <= head:
            in_head = min(in_head + 1, head_cap)
        if in_text >= text_cap and (in_head >= head_cap or match.start() >= head):
            break
    return in_head, min(in_text, text_cap)
