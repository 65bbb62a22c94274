"""The database backend (zoeken.database) answers ordinary Dutch questions like the engine.

The embedded default of ``scripts/run`` and the fallback when the engine is down: the
real content, searched through /zoeken/ as a visitor does, on whichever database the
suite runs on (SQLite, and PostgreSQL in the suite's second pass).
"""

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings

from wagtail.models import PageViewRestriction

import pytest

from portaal.settings.search import search_backends
from tests.conftest import free_port
from tests.roles import make_user
from voorbeelden.content import load_content
from voorbeelden.models import ContentPage
from zoeken.models import Synoniem, Zoektekst


class DatabaseSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_content()
        call_command("update_index", verbosity=0)

    def search(self, q, **params):
        response = self.client.get("/zoeken/", {"q": q, **params})
        self.assertEqual(response.status_code, 200)
        return response

    def slugs(self, response):
        return [page.slug for page in response.context["outcome"].page.object_list]

    def test_words_are_or_ed_and_ranked(self):
        # Wagtail's database backend needed every word: this found nothing.
        response = self.search("eenzaamheid ouderen")
        self.assertGreaterEqual(response.context["outcome"].total, 5)

    def test_maatje_finds_the_buddy_interventions(self):
        top = self.slugs(self.search("maatje psychische problemen"))[:5]
        self.assertIn("ggz-maatjes", top)
        self.assertIn("reakt-vriendendienst", top)

    def test_inflections_find_the_pages(self):
        # Only the exact word matched: "ervaringsdeskundige" found 1 of the theme's pages.
        self.assertGreaterEqual(self.search("ervaringsdeskundige").context["outcome"].total, 8)
        for plural, slug in [("triadekaarten", "triadekaart"),
                             ("stadsboerderijen", "stadsboerderij-pluk"),
                             ("inloopwinkels", "kompassie")]:
            with self.subTest(plural):
                self.assertEqual(self.slugs(self.search(plural))[0], slug)

    def test_editors_synonyms_apply(self):
        # "maatje, buddy, vrijwilliger" is one of the seeded synonym groups.
        self.assertIn("ggz-maatjes", self.slugs(self.search("buddy"))[:3])

    def test_a_new_synonym_takes_effect_at_once(self):
        self.assertEqual(self.search("zwaluw").context["outcome"].total, 0)
        Synoniem.objects.create(terms="zwaluw, maatje")
        self.assertIn("ggz-maatjes", self.slugs(self.search("zwaluw"))[:5])

    def test_a_provincie_finds_the_pages_of_its_gemeenten(self):
        # No page is tagged "Gelderland" itself: its regions (Nijmegen, Harderwijk) are.
        self.assertIn("goede-dag-nijmegen", self.slugs(self.search("gelderland")))

    def test_compound_parts_match(self):
        top = self.slugs(self.search("maatjesproject"))[:5]
        self.assertIn("dialoog-haaglanden", top)

    def test_a_misspelt_query_is_answered_for_its_correction(self):
        response = self.search("kwartiermakn")
        outcome = response.context["outcome"]
        self.assertEqual(outcome.corrected, "kwartiermaken")
        self.assertEqual(self.slugs(response)[0], "kwartiermaken-stichting-door-en-voor")
        self.assertContains(response, "Resultaten voor <strong>kwartiermaken</strong>")
        self.assertContains(response, "Zoek in plaats daarvan naar "
                                      '<a href="?q=kwartiermakn&amp;letterlijk=1">kwartiermakn</a>')
        literal = self.search("kwartiermakn", letterlijk="1")
        self.assertIsNone(literal.context["outcome"].corrected)

    def test_words_that_pages_contain_are_never_corrected(self):
        response = self.search("formulieren invullen")
        self.assertIsNone(response.context["outcome"].corrected)
        self.assertIn("raad-en-daadbalie", self.slugs(response)[:5])

    def test_query_syntax_is_only_words(self):
        for q in ['"', '"maatje', "NEAR(maatje buddy)", "maatje AND", "OR", "title:maatje",
                  "maatje*", "^herstel", "-herstel", "' OR 1=1 --", "a & b | !c", "(((", ":*"]:
            with self.subTest(q):
                self.search(q)

    def test_publish_unpublish_delete_and_restrict_follow_at_once(self):
        page = ContentPage.objects.get(slug="netwerkcoach-mezzo").specific
        self.assertIn(page.slug, self.slugs(self.search("netwerkcoach")))
        page.unpublish()
        self.assertNotIn(page.slug, self.slugs(self.search("netwerkcoach")))
        page.save_revision().publish()
        self.assertIn(page.slug, self.slugs(self.search("netwerkcoach")))
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN)
        self.assertNotIn(page.slug, self.slugs(self.search("netwerkcoach")))
        restriction.delete()
        page_id = page.pk
        page.delete()
        self.assertFalse(Zoektekst.objects.filter(page_id=page_id).exists())
        self.assertNotIn("netwerkcoach-mezzo", self.slugs(self.search("netwerkcoach")))

    def test_the_fallback_gives_the_default_backends_answers(self):
        questions = ["maatje psychische problemen", "stadsboerderijen", "buddy"]
        default = [self.slugs(self.search(q)) for q in questions]
        dead = {"OPENSEARCH_URL": f"http://127.0.0.1:{free_port()}", "SEARCH_TIMEOUT": "1"}
        with override_settings(WAGTAILSEARCH_BACKENDS=search_backends(dead)):
            fallback = [self.search(q) for q in questions]
        self.assertEqual([self.slugs(r) for r in fallback], default)
        self.assertContains(fallback[0], "even niet bereikbaar")

    def test_the_admins_page_search_still_works(self):
        self.client.force_login(make_user(role="editor"))
        response = self.client.get("/admin/pages/search/", {"q": "netwerkcoach"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Netwerkcoach")

    def test_the_matches_are_counted_as_one_parameter(self):
        # The filters count up to a thousand matches; as one placeholder per id every
        # counting query grew with them (a third of a search's time at 10,000 pages).
        def counting(q):
            found = []  # the number of parameters of each counting query

            def record(execute, sql, query_params, many, context):
                if "COUNT(" in sql.upper():
                    found.append(len(query_params or ()))
                return execute(sql, query_params, many, context)

            with connection.execute_wrapper(record):
                total = self.search(q).context["outcome"].total
            return total, found

        total, parameters = counting("ggz wijk samenwerken")
        self.assertGreaterEqual(total, 30)
        self.assertGreaterEqual(len(parameters), 4)  # type, thema, regio, organisatie, ...
        # A placeholder per match makes at least ``total`` of them.
        self.assertLess(max(parameters), total // 2)

    @pytest.mark.postgres
    def test_the_ranking_leaves_the_planner_as_it_was(self):
        # The ranking asks for the GIN index (no sequential scan) for its own queries
        # only: inside an outer transaction (this test's) the setting is put back.
        with connection.cursor() as cursor:
            seen = []

            def record(execute, sql, query_params, many, context):
                if sql.startswith("SELECT page_id"):
                    cursor.execute("SHOW enable_seqscan")
                    seen.append(cursor.fetchone()[0])
                return execute(sql, query_params, many, context)

            with connection.execute_wrapper(record):
                self.search("ervaringsdeskundigheid in de wijk")
            self.assertIn("off", seen)
            cursor.execute("SHOW enable_seqscan")
            self.assertEqual(cursor.fetchone()[0], "on")
