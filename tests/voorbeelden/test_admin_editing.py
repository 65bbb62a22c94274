"""Editors create pages in the Wagtail admin; a page without a thema is refused."""

from wagtail.fields import RichTextField, StreamField
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from modelcluster.models import get_all_child_relations

from tests.factories import make_organisatie, make_site, make_thema
from tests.roles import login, make_user
from voorbeelden.models import InterventieIndexPage, InterventiePage


def empty_form_values(model):
    """Empty values for every rich text, stream and inline field the admin form posts."""
    data = {}
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data[field.name] = streamfield([])
        elif isinstance(field, RichTextField):
            data[field.name] = rich_text("")
    for relation in get_all_child_relations(model):
        data[relation.get_accessor_name()] = inline_formset([])
    return data


def interventie_form(themas=(), **overrides):
    data = empty_form_values(InterventiePage)
    data.update({
        "title": "Netwerkcoach",
        "slug": "netwerkcoach",
        "intro": "Een vrijwillige coach versterkt het netwerk.",
        "doel": rich_text("<p>Netwerk versterken.</p>"),
        "aanpak": rich_text("<p>Netwerkkaart maken.</p>"),
        "erkenningsniveau": "niet-beoordeeld",
        "links": streamfield([("link", {"title": "Mezzo", "url": "https://www.mezzo.nl"})]),
    })
    data.update(overrides)
    form = nested_form_data(data)
    # Multiple-choice fields are posted as repeated keys, not as nested form data.
    form["themas"] = [str(pk) for pk in themas]
    return form


class AdminEditingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        make_site()
        cls.thema = make_thema("Sociale netwerken")
        cls.org = make_organisatie("Mezzo")
        cls.index = InterventieIndexPage.objects.get()

    def setUp(self):
        # Wagtail's Editors group, as a real redacteur has it: may create, not publish.
        self.user = make_user("editor")
        login(self.client, self.user)

    def test_can_create_interventie_with_thema(self):
        self.assertCanCreate(
            self.index, InterventiePage,
            interventie_form(themas=[self.thema.pk]), publish=False,
        )
        page = InterventiePage.objects.get(slug="netwerkcoach")
        self.assertFalse(page.live)
        self.assertEqual(page.owner, self.user)
        self.assertEqual(list(page.themas.all()), [self.thema])
        self.assertEqual(page.links[0].value["url"], "https://www.mezzo.nl")

    def test_page_without_thema_is_refused_with_a_dutch_message(self):
        url = f"/admin/pages/add/voorbeelden/interventiepage/{self.index.pk}/"
        response = self.client.post(url, interventie_form())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kies minstens één thema.")
        self.assertFalse(InterventiePage.objects.filter(slug="netwerkcoach").exists())

    def test_allowed_parent_and_subpage_types(self):
        self.assertAllowedParentPageTypes(InterventiePage, {InterventieIndexPage})
        self.assertAllowedSubpageTypes(InterventiePage, {})
