"""ContentPage.edited_at: when the redactie last published a change (``record_edit``).

Pages edited before this field existed get it from Wagtail's publish log: the latest
publication after the page's first one of a revision that a user saved (or published).
The fixture loader and the import publish without a user, so their runs do not count.
"""

from django.db import migrations, models
from django.db.models import Q


def edits_from_the_publish_log(apps, schema_editor):
    ContentPage = apps.get_model("voorbeelden", "ContentPage")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    for page in ContentPage.objects.exclude(first_published_at=None).only("pk").iterator():
        publishes = PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        first = publishes.order_by("timestamp", "pk").first()
        edit = (publishes.exclude(pk=first.pk)
                .filter(Q(user__isnull=False) | Q(revision__user__isnull=False))
                .order_by("-timestamp", "-pk").first()) if first else None
        if edit is not None:
            ContentPage.objects.filter(pk=page.pk).update(edited_at=edit.timestamp)


class Migration(migrations.Migration):

    dependencies = [
        ("voorbeelden", "0004_afbeelding_block"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentpage",
            name="edited_at",
            field=models.DateTimeField(blank=True, editable=False, null=True,
                                       verbose_name="laatst bijgewerkt"),
        ),
        migrations.RunPython(edits_from_the_publish_log, migrations.RunPython.noop),
    ]
