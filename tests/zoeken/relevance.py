"""The relevance test set: Dutch queries as visitors type them, and the pages that must
be on the first screen (top 5) for each, judged against the real content in fixtures/.

Each query carries its kind, the way of asking it tests (``KINDS``):

- ``short``: one or two words, as most visitors type;
- ``long``: a whole phrase or question (four words or more) as a social worker, policy
  officer, client or family member types it;
- ``paraphrase``: says what the page is about in other words than its title;
- ``typo``: a misspelling;
- ``inflection``: a plural or other form of a word that the page uses in another form;
- ``synonym``: a word the page does not use, linked to its words by the seeded synonyms
  (zoeken/migrations/0002_seed_synoniemen.py) or a theme's synonyms (fixtures/themas.json);
- ``compound``: part of a compound the page uses, or a compound of words the page
  writes apart or hyphenated;
- ``place``: a place or region, alone or with a subject.

The expected pages are the ones a human judge insists on for the query, not every page
that may fit: where more pages would do (``eenzaamheid``), only the page whose subject it
plainly is; never more than five.

``evaluate(run)`` runs every query through ``run(q) -> [slugs in rank order]``.
"""

KINDS = ("short", "long", "paraphrase", "typo", "inflection", "synonym", "compound", "place")

TOP = 5


class Q(tuple):
    """One query of the set. It unpacks as ``(query, expected)`` (bench/search.py and
    tests/zoeken/test_relevance.py read the set as such pairs) and carries ``kind``."""

    def __new__(cls, query, expected, kind):
        if kind not in KINDS:
            raise ValueError(f"{query!r}: unknown kind {kind!r}, not one of {KINDS}")
        q = super().__new__(cls, (query, tuple(expected)))
        q.kind = kind
        return q

    @property
    def query(self):
        return self[0]

    @property
    def expected(self):
        return self[1]


# The pages called maatje projects in the content: one-to-one volunteers for people with
# psychiatric problems.
MAATJES = ["ggz-maatjes", "reakt-vriendendienst", "dialoog-haaglanden"]
# Of the eight pages on ervaringsdeskundigheid, the two no judge would miss: the one with
# ervaringsdeskundigen in its title, and the one whose whole service they give. Herstellen
# doe je zelf, the Ambassade van activering, Proeftuin De Ruwaard and the Verdiwel Lab are
# as good as each other for the next places, so none of them is required.
ERVARINGSDESKUNDIGEN = ["kwartiermaken-stichting-door-en-voor", "kompassie"]

QUERIES = [
    # short
    Q("kwartiermaker", ["kwartiermaken-stichting-door-en-voor"], "short"),
    Q("netwerkcoach", ["netwerkcoach-mezzo"], "short"),
    Q("stadsboerderij", ["stadsboerderij-pluk"], "short"),
    Q("buurtcirkel", ["buurtcirkel"], "short"),
    Q("eenzaamheid ggz", ["wijk-en-psychiatrie"], "short"),
    Q("ervaringsdeskundige", ERVARINGSDESKUNDIGEN, "short"),
    # The only page for older people: a free inloop with daytime activities.
    Q("eenzaamheid ouderen", ["goede-dag-nijmegen"], "short"),
    Q("maatje", MAATJES, "short"),
    Q("zelfstigma", ["lab-sociaal-werk-ggz-problematiek"], "short"),
    Q("zondaginloop", ["maatschappelijk-steunsysteem-den-haag"], "short"),
    Q("familiegroepsplan", ["eigen-kracht-conferentie"], "short"),
    Q("beroepsgeheim", ["zwitsers-juridisch-zakmes"], "short"),
    Q("wachttijden ggz", ["nieuws-gevraagd-mooie-voorbeelden"], "short"),
    # long
    Q("maatje voor iemand met psychische problemen", ["reakt-vriendendienst", "ggz-maatjes"],
      "long"),
    Q("ervaringsdeskundige inzetten in de wijk", ["kwartiermaken-stichting-door-en-voor"],
      "long"),
    Q("ggz wijkteam samenwerken met wijkwerkers", ["samenwerken-ggz-wijkteam-en-wijkwerkers"],
      "long"),
    Q("studenten de wijk in", ["met-de-han-de-wijk-in"], "long"),
    Q("sociale netwerken vergroten in de ggz", ["handreiking-sociale-netwerken-ggz"], "long"),
    Q("ggz en sociale professionals", ["artikel-ggz-en-sociale-professionals-werken-samen"],
      "long"),
    Q("vrijwilligers koppelen aan mensen die hulp nodig hebben", ["stichting-present"], "long"),
    Q("hoe kan ik als sociaal werker beter samenwerken met de ggz in de wijk",
      ["artikel-ggz-en-sociale-professionals-werken-samen"], "long"),
    Q("wat kan de gemeente doen om de sociale netwerken van ggz-cliënten te versterken",
      ["handreiking-sociale-netwerken-ggz"], "long"),
    Q("ik voel me eenzaam en wil leren hoe ik vrienden maak", ["cursussen-vrienden-maken"],
      "long"),
    Q("mijn zoon heeft psychische problemen, hoe kunnen wij als familie meedenken over zijn "
      "zorg", ["triadekaart", "eigen-kracht-conferentie"], "long"),
    Q("ik heb hulp nodig bij mijn post en administratie, waar kan ik heen",
      ["raad-en-daadbalie"], "long"),
    Q("hoe ga je om met een zorgmijder die steeds terugkomt maar geen hulp aanneemt",
      ["lab-sociaal-werk-ggz-problematiek"], "long"),
    Q("hoe financier je ggz in de wijk samen met de zorgverzekeraar",
      ["werkbezoek-sterker-nijmegen-2019"], "long"),
    Q("mijn moeder is op leeftijd en zit veel alleen thuis, is er een gratis inloop",
      ["goede-dag-nijmegen"], "long"),
    Q("welke rol kunnen buren spelen bij het ondersteunen van ggz-cliënten",
      ["burenhulpcentrale", "handreiking-sociale-netwerken-ggz"], "long"),
    Q("ik zoek een vrijwilliger die met mijn broer optrekt, hij heeft psychische problemen",
      ["reakt-vriendendienst", "ggz-maatjes"], "long"),
    # paraphrase
    Q("familie betrekken bij de behandeling", ["triadekaart"], "paraphrase"),
    Q("samen met familie een plan maken", ["eigen-kracht-conferentie"], "paraphrase"),
    Q("hulp bij formulieren invullen", ["raad-en-daadbalie"], "paraphrase"),
    Q("informatie delen zonder dat de cliënt het weet", ["zwitsers-juridisch-zakmes"],
      "paraphrase"),
    Q("coach voor mensen met geldproblemen", ["talentcoach"], "paraphrase"),
    Q("jongeren beoordelen hun eigen voorziening", ["paja"], "paraphrase"),
    Q("terugkeer na gevangenisstraf", ["top-600-aanpak"], "paraphrase"),
    # The pages say "ggz-problematiek" and "psychische problematiek".
    Q("maatje psychische problemen", ["reakt-vriendendienst", "ggz-maatjes"], "paraphrase"),
    Q("een vriend voor iemand die uit de psychiatrie komt",
      ["dialoog-haaglanden", "reakt-vriendendienst"], "paraphrase"),
    Q("hulp bij een vieze en verwaarloosde woning", ["over-de-drempel"], "paraphrase"),
    Q("plek waar mensen met en zonder psychische problemen samen werken",
      ["stadsboerderij-pluk"], "paraphrase"),
    Q("gratis dagbesteding voor senioren", ["goede-dag-nijmegen"], "paraphrase"),
    Q("aandacht voor de hele mens in plaats van de ziekte", ["presentiebenadering"],
      "paraphrase"),
    # typo
    Q("kwartiermakn", ["kwartiermaken-stichting-door-en-voor"], "typo"),
    # The page whose stated aim is less eenzaamheid.
    Q("eenzaamhied", ["wijk-en-psychiatrie"], "typo"),
    Q("triadekart", ["triadekaart"], "typo"),
    Q("vriendendiest", ["reakt-vriendendienst"], "typo"),
    Q("stadsboerdij", ["stadsboerderij-pluk"], "typo"),
    Q("ervaringsdeskundge", ERVARINGSDESKUNDIGEN, "typo"),
    Q("netwerkcoatch", ["netwerkcoach-mezzo"], "typo"),
    Q("maatschapelijk steunsysteem", ["maatschappelijk-steunsysteem-den-haag"], "typo"),
    Q("herstelen doe je zelf", ["herstellen-doe-je-zelf"], "typo"),
    # inflection
    Q("vervuilde woning en vereenzaming", ["over-de-drempel"], "inflection"),
    Q("cursus vrienden maken", ["cursussen-vrienden-maken"], "inflection"),
    Q("triadekaarten", ["triadekaart"], "inflection"),
    Q("stadsboerderijen", ["stadsboerderij-pluk"], "inflection"),
    Q("inloopwinkels", ["kompassie"], "inflection"),
    Q("herstelgroepen", ["herstellen-doe-je-zelf"], "inflection"),
    Q("maatjesprojecten", MAATJES, "inflection"),
    Q("ervaringsdeskundigen als ambassadeurs", ["ambassade-van-activering"], "inflection"),
    Q("netwerkcoaches", ["netwerkcoach-mezzo"], "inflection"),
    # synonym
    Q("buddy voor ggz cliënt", ["ggz-maatjes"], "synonym"),
    Q("buddy", MAATJES, "synonym"),
    Q("buddyproject", ["dialoog-haaglanden"], "synonym"),
    Q("geestelijke gezondheidszorg in de wijk", ["werkbezoek-sterker-nijmegen-2019"],
      "synonym"),
    Q("naasten betrekken bij de zorg", ["triadekaart"], "synonym"),
    Q("ervaringswerker in het wijkteam", ["kwartiermaken-stichting-door-en-voor"], "synonym"),
    Q("zelfhulpgroep", ["herstellen-doe-je-zelf"], "synonym"),
    Q("herstelondersteuning", ["herstellen-doe-je-zelf", "hee"], "synonym"),
    Q("destigmatisering", ["lab-sociaal-werk-ggz-problematiek", "reakt-vriendendienst"],
      "synonym"),
    # compound
    Q("herstelgroep", ["herstellen-doe-je-zelf"], "compound"),
    Q("presentie", ["presentiebenadering"], "compound"),
    Q("burenhulp", ["burenhulpcentrale"], "compound"),
    Q("maatjesproject", ["dialoog-haaglanden"], "compound"),
    Q("herstelcursus", ["hee"], "compound"),
    Q("verdiwel lab ggz-problematiek", ["lab-sociaal-werk-ggz-problematiek"], "compound"),
    Q("ervaringsdeskundigheid", ERVARINGSDESKUNDIGEN, "compound"),
    Q("eigenkrachtconferentie", ["eigen-kracht-conferentie"], "compound"),
    Q("kwartier maken", ["kwartiermaken-stichting-door-en-voor"], "compound"),
    Q("ggz maatjes", ["ggz-maatjes"], "compound"),
    Q("zorgboerderij", ["stadsboerderij-pluk"], "compound"),
    Q("inloophuis voor ouderen", ["goede-dag-nijmegen"], "compound"),
    # place
    Q("inloop voor ouderen in nijmegen", ["goede-dag-nijmegen"], "place"),
    Q("sociale wijkteams nijmegen", ["sociale-wijkteams-nijmegen"], "place"),
    Q("inloopwinkel ervaringsdeskundigen den haag", ["kompassie"], "place"),
    Q("werkbezoek sterker nijmegen", ["werkbezoek-sterker-nijmegen-2019"], "place"),
    Q("Nijmegen", ["werkbezoek-sterker-nijmegen-2019", "sociale-wijkteams-nijmegen",
                   "goede-dag-nijmegen"], "place"),
    # Six pages are set in Den Haag; this one names it in its title.
    Q("Den Haag", ["maatschappelijk-steunsysteem-den-haag"], "place"),
    Q("ervaringsdeskundigen den haag", ["kompassie", "ambassade-van-activering"], "place"),
    Q("dagbesteding den haag", ["stadsboerderij-pluk"], "place"),
    Q("Oss", ["proeftuin-de-ruwaard", "kwartiermaken-stichting-door-en-voor"], "place"),
    Q("harderwijk", ["buurtcirkel"], "place"),
    Q("amersfoort", ["wijk-en-psychiatrie"], "place"),
    Q("schijndel", ["thuis-in-de-wijk"], "place"),
    Q("elburg", ["better2gether", "de-aanpakkers"], "place"),
    # The pages with the regio Gelderland.
    Q("gelderland", ["buurtcirkel", "goede-dag-nijmegen", "sociale-wijkteams-nijmegen",
                     "werkbezoek-sterker-nijmegen-2019"], "place"),
]


class Evaluation(tuple):
    """What ``evaluate`` returns. It unpacks as ``(recall, misses)``, as before the kinds
    (tests/zoeken/test_relevance.py reads it so), and carries ``success`` (success@5: the
    fraction of queries with ALL their expected pages in the top 5) and ``by_kind``
    (success@5 per kind, in ``KINDS`` order, for the kinds among the queries)."""

    def __new__(cls, recall, misses, success, by_kind):
        evaluation = super().__new__(cls, (recall, misses))
        evaluation.success = success
        evaluation.by_kind = by_kind
        return evaluation

    @property
    def recall(self):
        return self[0]

    @property
    def misses(self):
        return self[1]


def evaluate(run, queries=None):
    """Score ``run`` on ``queries`` (default: the set). recall@5 is the mean fraction of
    each query's expected pages in its top 5; misses lists (query, expected slugs
    missing, top 5 found)."""
    queries = QUERIES if queries is None else queries
    total, misses, hits = 0.0, [], {}
    for q in queries:
        found = run(q.query)[:TOP]
        missing = [s for s in q.expected if s not in found]
        total += (len(q.expected) - len(missing)) / len(q.expected)
        hits.setdefault(q.kind, []).append(not missing)
        if missing:
            misses.append((q.query, missing, found))
    by_kind = {kind: sum(hits[kind]) / len(hits[kind]) for kind in KINDS if kind in hits}
    success = sum(sum(h) for h in hits.values()) / len(queries)
    return Evaluation(total / len(queries), misses, success, by_kind)
