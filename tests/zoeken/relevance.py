"""The relevance test set: Dutch queries as visitors type them, and the pages that must
be on the first screen (top 5) for each, judged against the real content in fixtures/.

``recall_at_5(run)`` runs every query through ``run(q) -> [slugs in rank order]``.
"""

QUERIES = [
    ("maatje voor iemand met psychische problemen", ["reakt-vriendendienst", "ggz-maatjes"]),
    ("ervaringsdeskundige inzetten in de wijk", ["kwartiermaken-stichting-door-en-voor"]),
    ("kwartiermaker", ["kwartiermaken-stichting-door-en-voor"]),
    ("eenzaamheid ggz", ["wijk-en-psychiatrie"]),
    ("herstelgroep", ["herstellen-doe-je-zelf"]),
    ("netwerkcoach", ["netwerkcoach-mezzo"]),
    ("cursus vrienden maken", ["cursussen-vrienden-maken"]),
    ("buddy voor ggz cliënt", ["ggz-maatjes"]),
    ("vervuilde woning en vereenzaming", ["over-de-drempel"]),
    ("familie betrekken bij de behandeling", ["triadekaart"]),
    ("samen met familie een plan maken", ["eigen-kracht-conferentie"]),
    ("hulp bij formulieren invullen", ["raad-en-daadbalie"]),
    ("stadsboerderij", ["stadsboerderij-pluk"]),
    ("inloop voor ouderen in nijmegen", ["goede-dag-nijmegen"]),
    ("sociale wijkteams nijmegen", ["sociale-wijkteams-nijmegen"]),
    ("ggz wijkteam samenwerken met wijkwerkers", ["samenwerken-ggz-wijkteam-en-wijkwerkers"]),
    ("presentie", ["presentiebenadering"]),
    ("informatie delen zonder dat de cliënt het weet", ["zwitsers-juridisch-zakmes"]),
    ("coach voor mensen met geldproblemen", ["talentcoach"]),
    ("jongeren beoordelen hun eigen voorziening", ["paja"]),
    ("inloopwinkel ervaringsdeskundigen den haag", ["kompassie"]),
    ("buurtcirkel", ["buurtcirkel"]),
    ("burenhulp", ["burenhulpcentrale"]),
    ("studenten de wijk in", ["met-de-han-de-wijk-in"]),
    ("terugkeer na gevangenisstraf", ["top-600-aanpak"]),
    ("verdiwel lab ggz-problematiek", ["lab-sociaal-werk-ggz-problematiek"]),
    ("werkbezoek sterker nijmegen", ["werkbezoek-sterker-nijmegen-2019"]),
    ("sociale netwerken vergroten in de ggz", ["handreiking-sociale-netwerken-ggz"]),
    ("maatjesproject", ["dialoog-haaglanden"]),
    ("ggz en sociale professionals", ["artikel-ggz-en-sociale-professionals-werken-samen"]),
    ("vrijwilligers koppelen aan mensen die hulp nodig hebben", ["stichting-present"]),
    ("herstelcursus", ["hee"]),
]

TOP = 5


def evaluate(run):
    """(recall@5, misses): misses lists (query, expected slugs missing, top 5 found)."""
    total, misses = 0.0, []
    for query, expected in QUERIES:
        found = run(query)[:TOP]
        missing = [s for s in expected if s not in found]
        total += (len(expected) - len(missing)) / len(expected)
        if missing:
            misses.append((query, missing, found))
    return total / len(QUERIES), misses
