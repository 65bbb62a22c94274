"""Pages link each other both ways where one names another: an intervention links the page
it comes from (its bronpagina), that page lists the interventions from it, and a
handreiking's chapters link the interventions they describe where they describe them.
Only live, public pages are linked; a detail page's queries do not grow with the links."""

import json
import re

from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

import pytest

from tests.factories import make_page, make_site, make_thema
from tests.querycount import count_queries
from tests.roles import login, make_user
from tests.voorbeelden.test_admin_editing import interventie_form
from voorbeelden.content import ContentError, load_content
from voorbeelden.models import (
    HandreikingPage,
    InterventieIndexPage,
    InterventiePage,
    InterventieVermelding,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def werkbezoek():
    make_site()
    return make_page("werkbezoek", "Ggz en sociaal werk vinden elkaar in de wijk")


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def element(html, element_id):
    """The HTML of the element with ``id="element_id"`` up to its closing tag (no nesting of
    the same tag name inside it in these templates)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f'no element with id="{element_id}"'
    return match.group(2)


def link(page):
    return f'<a href="{page.url}">{page.title}</a>'


def chapter(title, *blocks):
    return {"type": "hoofdstuk", "value": {"title": title, "body": list(blocks)}}


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def interventie_block(page):
    return {"type": "interventie", "value": page.pk}


def publish_source(interventie, source):
    interventie.source_page = source
    interventie.save_revision().publish()
    return interventie


def test_werkbezoek_links_the_interventions_that_come_from_it(client, werkbezoek):
    goede_dag = make_page("interventie", "Goede dag", source_page=werkbezoek)
    wijkteams = make_page("interventie", "Sociale wijkteams Nijmegen", source_page=werkbezoek)
    elsewhere = make_page("interventie", "Presentiebenadering")
    html = html_of(client, werkbezoek)
    section = element(html, "interventies")
    assert "Interventies uit dit werkbezoek" in section
    assert link(goede_dag) in section and link(wijkteams) in section
    assert elsewhere.title not in section  # (it may be among the related cards)


def test_related_cards_do_not_repeat_the_interventions_the_page_lists(client):
    make_site()
    wijk = make_thema("Wijkgericht werken")
    werkbezoek = make_page("werkbezoek", "Werkbezoek Nijmegen", themas=[wijk])
    own = make_page("interventie", "Goede dag", themas=[wijk], source_page=werkbezoek)
    named = make_page("interventie", "Presentiebenadering", themas=[wijk])
    InterventieVermelding.objects.create(page=werkbezoek, interventie=named)
    werkbezoek.save_revision().publish()
    other = make_page("artikel", "Wijkteams en ggz werken samen", themas=[wijk])
    html = html_of(client, werkbezoek)
    related = html[html.index('<aside class="related"'):]
    related = related[:related.index("</aside>")]
    assert other.title in related
    assert own.title not in related and named.title not in related


def test_intervention_shows_its_source_page_as_a_link_and_no_seed_id(client, werkbezoek):
    goede_dag = make_page("interventie", "Goede dag", source_page=werkbezoek,
                          source="Verslag werkbezoek (seed 003)")
    html = html_of(client, goede_dag)
    bron = re.search(r"<dt>Bron</dt><dd>(.*?)</dd>", html, re.S)
    assert bron, "no Bron in the page's details"
    assert link(werkbezoek) in bron.group(1)
    assert "seed" not in html.lower()
    # The source is not listed a second time under "Genoemd in".
    assert "Genoemd in" not in html


def test_other_source_types_name_their_kind(client, werkbezoek):
    for kind, heading in (("lab", "Interventies uit dit lab"),
                          ("artikel", "Interventies uit dit artikel"),
                          ("handreiking", "Interventies uit deze handreiking")):
        source = make_page(kind)
        interventie = make_page("interventie", source_page=source)
        section = element(html_of(client, source), "interventies")
        assert heading in section and link(interventie) in section


def test_named_interventions_from_elsewhere_are_listed_apart(client, werkbezoek):
    own = make_page("interventie", "Goede dag", source_page=werkbezoek)
    other_source = make_page("artikel", "Een artikel")
    named = make_page("interventie", "Presentiebenadering", source_page=other_source)
    werkbezoek.vermelde_interventies = [InterventieVermelding(interventie=named),
                                        InterventieVermelding(interventie=own)]
    werkbezoek.save_revision().publish()
    section = element(html_of(client, werkbezoek), "interventies")
    from_here, _, rest = section.partition("Genoemde interventies")
    assert link(own) in from_here and link(named) not in from_here
    assert link(named) in rest and link(own) not in rest
    # The intervention lists the werkbezoek that names it, apart from its own source.
    html = html_of(client, named)
    genoemd_in = re.search(r"Genoemd in</h3>\s*<ul[^>]*>(.*?)</ul>", html, re.S)
    assert genoemd_in and link(werkbezoek) in genoemd_in.group(1)
    assert link(other_source) not in genoemd_in.group(1)


def test_handreiking_toc_lists_the_interventions_and_chapters_link_them_in_place(client):
    make_site()
    paja = make_page("interventie", "PAja!")
    coach = make_page("interventie", "Netwerkcoach")
    handreiking = make_page("handreiking", "Sociale netwerken van GGZ-cliënten", chapters=[
        chapter("Introductie", paragraph("Transitie in de zorg.")),
        chapter("Sociale netwerken in beeld", {"type": "heading", "value": "PAja!"},
                paragraph("PAja! staat voor Participatie Audits."), interventie_block(paja)),
        chapter("Eenzaamheid tegengaan", paragraph("Een netwerkcoach helpt."),
                interventie_block(coach)),
    ])
    publish_source(paja, handreiking)
    publish_source(coach, handreiking)
    html = html_of(client, handreiking)
    toc = element(html, "toc")
    assert '<a href="#hoofdstuk-2">Sociale netwerken in beeld</a>' in toc
    assert '<a href="#interventies">' in toc
    assert "Interventies uit deze handreiking" in element(html, "interventies")
    assert link(paja) in element(html, "hoofdstuk-2")
    assert link(coach) in element(html, "hoofdstuk-3")
    # a chapter that names no intervention links only back to the table of contents
    assert re.findall(r'href="([^"]*)"', element(html, "hoofdstuk-1")) == ["#toc"]


def test_draft_and_private_pages_are_not_linked_for_visitors(client, werkbezoek):
    shown = make_page("interventie", "Zichtbaar", source_page=werkbezoek)
    draft = make_page("interventie", "Concept-interventie", source_page=werkbezoek, live=False)
    private = make_page("interventie", "Besloten interventie", source_page=werkbezoek)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    named_draft = make_page("interventie", "Genoemd concept", live=False)
    werkbezoek.vermelde_interventies = [InterventieVermelding(interventie=named_draft)]
    werkbezoek.save_revision().publish()
    handreiking = make_page("handreiking", chapters=[
        chapter("Eén", paragraph("Tekst."), interventie_block(draft),
                interventie_block(private), interventie_block(shown)),
    ])
    for page in (werkbezoek, handreiking):
        html = html_of(client, page)
        assert link(shown) in html
        for hidden in (draft, private, named_draft):
            assert hidden.title not in html, (page.title, hidden.title)
            assert hidden.url not in html


def test_intervention_does_not_link_a_draft_or_private_source(client, werkbezoek):
    draft_source = make_page("werkbezoek", "Concept-werkbezoek", live=False)
    private_source = make_page("lab", "Besloten lab")
    PageViewRestriction.objects.create(page=private_source,
                                       restriction_type=PageViewRestriction.LOGIN)
    for source in (draft_source, private_source):
        interventie = make_page("interventie", source_page=source, source="Een verslag")
        html = html_of(client, interventie)
        assert source.title not in html
        assert "Een verslag" in html  # the plain-text source is what remains


def test_detail_queries_do_not_grow_with_the_linked_pages(client, werkbezoek):
    thema = make_thema()
    handreiking = make_page("handreiking", themas=[thema])

    named_pks, chapters = [], []

    def add(count):
        for _ in range(count):
            named = make_page("interventie", themas=[thema])
            own = make_page("interventie", source_page=werkbezoek, themas=[thema])
            make_page("interventie", source_page=handreiking, themas=[thema])
            named_pks.append(named.pk)
            chapters.append(chapter(named.title, paragraph("x"), interventie_block(named),
                                    interventie_block(own)))
        for page in (werkbezoek, handreiking):
            page = type(page).objects.get(pk=page.pk)
            page.vermelde_interventies = [InterventieVermelding(interventie_id=pk)
                                          for pk in named_pks]
            if isinstance(page, HandreikingPage):
                page.chapters = chapters
            page.save_revision().publish()

    add(1)
    one = {p.url: count_queries(client, p.url) for p in (werkbezoek, handreiking)}
    add(7)
    many = {p.url: count_queries(client, p.url) for p in (werkbezoek, handreiking)}
    assert len(InterventiePage.objects.filter(source_page=werkbezoek)) == 8
    assert many == one


class SourcePageAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        cls.thema = make_thema("Sociale netwerken")
        cls.werkbezoek = make_page("werkbezoek", "Werkbezoek Nijmegen")
        cls.index = InterventieIndexPage.objects.get()

    def setUp(self):
        login(self.client, make_user("editor"))

    def test_editor_sees_a_dutch_label_and_help_text(self):
        url = f"/admin/pages/add/voorbeelden/interventiepage/{self.index.pk}/"
        html = self.client.get(url).content.decode()
        self.assertIn("Bronpagina", html)
        self.assertIn("waar deze interventie uit komt", html)

    def test_editor_sets_the_source_page(self):
        self.assertCanCreate(
            self.index, InterventiePage,
            interventie_form(themas=[self.thema.pk], source_page=self.werkbezoek.pk),
            publish=False,
        )
        page = InterventiePage.objects.get(slug="netwerkcoach")
        self.assertEqual(page.get_latest_revision_as_object().source_page_id,
                         self.werkbezoek.pk)



def test_loader_names_an_unknown_source_page_and_loads_nothing(tmp_path):
    (tmp_path / "organisaties").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "interventies").mkdir()
    (tmp_path / "themas.json").write_text('[{"slug": "herstel", "name": "Herstel"}]')
    (tmp_path / "regios.json").write_text("[]")
    (tmp_path / "interventies" / "a.json").write_text(json.dumps([
        {"type": "interventie", "slug": "goede-dag", "title": "Goede dag", "intro": "x",
         "themas": ["herstel"], "source_page": "werkbezoek-bestaat-niet"},
    ]))
    with pytest.raises(ContentError, match="goede-dag.*werkbezoek-bestaat-niet"):
        load_content(tmp_path)
    assert not InterventiePage.objects.exists()
