"""A detail page costs about what a listing costs: a handful of queries on a warm request
(the page cache not answering, the per-generation caches filled), and a number that does
not grow with what the page links: organisations, themes, regions, participants, linked
and naming interventions, related pages, a handreiking's chapters."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from portaal.cache import HEADER
from tests.factories import make_organisatie, make_page, make_regio, make_site, make_thema
from tests.querycount import count_queries
from tests.roles import login, make_user
from tests.security.test_previews import page_form, preview
from voorbeelden.content import load_content
from voorbeelden.importer.indexing import deferred_indexing
from voorbeelden.models import Deelnemer, InterventieVermelding
from voorbeelden.models.registry import PAGE_TYPES

WARM_QUERIES = 8


def warm_queries(client, url):
    """The queries of the second request of ``url``: what a visitor costs while the page
    cache does not answer (off in the test settings, as for a logged-in member or a page
    not yet cached) and nothing was published since the first request."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert HEADER not in response  # rendered, not served from the page cache
    return len(ctx.captured_queries)


class RealContentDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_content()

    def test_every_page_type_is_a_handful_of_queries_on_a_warm_request(self):
        for kind, (model, _index) in PAGE_TYPES.items():
            for page in model.objects.live():
                with self.subTest(kind=kind, page=page.slug):
                    self.assertLessEqual(warm_queries(self.client, page.url), WARM_QUERIES)


# --- Links: the count is the same for one and for many -------------------------------------


def interventie_block(page):
    return {"type": "interventie", "value": page.pk}


def ervaring(participant, interventie):
    return {"type": "ervaring", "value": {"participant": participant, "text": "<p>Goed</p>",
                                          "interventie": interventie.pk}}


class Links:
    """One page of ``kind`` and the pages around it; ``add(n)`` links n more of everything
    the page can show, published as editors do."""

    def __init__(self, kind):
        make_site()
        self.thema = make_thema("Kwartiermaken")
        self.page = make_page(kind, f"De {kind}", themas=[self.thema])
        self.n = 0
        self.themas, self.organisaties, self.regios = [self.thema], [], []
        self.deelnemers, self.named, self.chapters, self.ervaringen = [], [], [], []

    def add(self, count):
        # One bulk index update for all the pages made here (the database backend's add
        # costs more the larger its index is).
        with deferred_indexing():
            self._add(count)

    def _add(self, count):
        page = type(self.page).objects.get(pk=self.page.pk)
        provincie = make_regio("Gelderland", kind="provincie")
        for _ in range(count):
            self.n += 1
            n = self.n
            self.themas.append(make_thema(f"Thema {n}"))
            org = make_organisatie(f"Organisatie {n}", place=f"Plaats {n}",
                                   website=f"https://org{n}.example/")
            self.organisaties.append(org)
            self.regios.append(make_regio(f"Gemeente {n}", kind="gemeente", parent=provincie))
            self.deelnemers.append(Deelnemer(name=f"Deelnemer {n}", role="Coach",
                                             organisatie=org))
            # a related page sharing a theme, an intervention named, one that comes from here
            make_page("artikel", f"Verwant {n}", themas=[self.themas[-1]])
            named = make_page("interventie", f"Genoemd {n}", themas=[self.thema])
            self.named.append(named)
            if page.interventies_heading:
                make_page("interventie", f"Hieruit {n}", source_page=page, themas=[self.thema])
            self.chapters.append({"type": "hoofdstuk", "value": {
                "title": f"Hoofdstuk {n}",
                "body": [{"type": "paragraph", "value": f"<p>Tekst {n}</p>"},
                         interventie_block(named)]}})
            self.ervaringen.append(ervaring(f"Deelnemer {n}", named))
            if kind_of(page) == "interventie":
                self.name_the_interventie(page, org, n)
        page.themas = self.themas
        page.organisaties = self.organisaties
        page.regios = self.regios
        if kind_of(page) in ("lab", "werkbezoek"):
            page.deelnemers = [Deelnemer(name=d.name, role=d.role, organisatie=d.organisatie)
                               for d in self.deelnemers]
        if page.interventies_heading:
            page.vermelde_interventies = [InterventieVermelding(interventie=p)
                                          for p in self.named]
        if kind_of(page) == "handreiking":
            page.chapters = self.chapters
        if kind_of(page) == "lab":
            page.ervaringen = self.ervaringen
        page.save_revision().publish()
        self.page = page

    def name_the_interventie(self, interventie, org, n):
        """Pages that name the intervention and organisations that apply it."""
        werkbezoek = make_page("werkbezoek", f"Bezoek {n}", gastorganisatie=org)
        werkbezoek.vermelde_interventies = [InterventieVermelding(interventie=interventie)]
        werkbezoek.save_revision().publish()
        lab = make_page("lab", f"Lab {n}")
        lab.deelnemers = [Deelnemer(name=f"Spreker {n}", organisatie=org)]
        lab.ervaringen = [ervaring(f"Spreker {n}", interventie)]
        lab.save_revision().publish()
        artikel = make_page("artikel", f"Artikel {n}")
        artikel.vermelde_interventies = [InterventieVermelding(interventie=interventie)]
        artikel.save_revision().publish()


def kind_of(page):
    return type(page)._meta.model_name.removesuffix("page")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_detail_queries_do_not_grow_with_the_links(client, kind):
    links = Links(kind)
    links.add(1)
    one = (count_queries(client, links.page.url), warm_queries(client, links.page.url))
    links.add(6)
    html = client.get(links.page.url).content.decode()
    # The page shows what was added (so the counts below are of pages that show it all).
    assert all(o.name in html for o in links.organisaties)
    assert all(t.name in html for t in links.themas)
    assert all(r.name in html for r in links.regios)
    if kind in ("lab", "werkbezoek"):
        assert all(d.name in html for d in links.deelnemers)
    if kind == "interventie":
        assert all(f"Bezoek {n}" in html and f"Lab {n}" in html for n in range(1, 8))
    else:
        assert all(p.title in html for p in links.named)
    many = (count_queries(client, links.page.url), warm_queries(client, links.page.url))
    assert many == one
    assert many[1] <= WARM_QUERIES


# --- What the caches keep is never older than the page ------------------------------------


@pytest.fixture
def visited(client, db):
    """A live page whose detail was rendered once: its links, content and route cached."""
    make_site()
    page = make_page("lab", "Lab in de wijk", themas=[make_thema("Schuldhulp")],
                     organisaties=[make_organisatie("Stimenz", place="Apeldoorn")])
    assert "Schuldhulp" in client.get(page.url).content.decode()
    return page


def test_a_publish_after_a_visit_shows_at_once(client, visited):
    page = type(visited).objects.get(pk=visited.pk)
    page.title = "Lab over schulden"
    page.themas = [make_thema("Armoede")]
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "Lab over schulden" in html and "Armoede" in html and "Schuldhulp" not in html
    page.unpublish()
    assert client.get(page.url).status_code == 404


def test_a_view_restriction_after_a_visit_refuses_the_page_at_once(client, visited):
    restriction = PageViewRestriction.objects.create(
        page=visited.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(visited.url)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get(visited.url).status_code == 200


def test_a_preview_after_a_visit_shows_the_form_not_the_cache(client, visited):
    login(client, make_user("editor"))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[visited.pk])
    response = preview(client, url, page_form(
        "lab", "Lab in de wijk", themas=[make_thema("Eenzaamheid onder ouderen")],
        organisaties=[make_organisatie("Buurtteam Oost", place="Zwolle")]))
    html = response.content.decode()
    assert "Eenzaamheid onder ouderen" in html and "Buurtteam Oost" in html
    assert "Schuldhulp" not in html and "Stimenz" not in html
    # ... and the public page is still the published one.
    client.logout()
    html = client.get(visited.url).content.decode()
    assert "Schuldhulp" in html and "Eenzaamheid onder ouderen" not in html
