"""Give Wagtail's Editors and Moderators groups the admin's "Zoeken" group.

Synonyms (add, change, delete, view), Wagtail's search promotions (add, change, delete)
and the list of visitors' queries (view only: the search page counts them). Without
these only superusers could tune search; the try-out view follows the same rights.
"""

from django.db import migrations

GROUPS = ("Editors", "Moderators")
# (app label, model, verbose name as Django names the permission): actions
PERMISSIONS = {
    ("zoeken", "synoniem", "synoniem"): ("add", "change", "delete", "view"),
    ("zoeken", "zoekvraag", "zoekvraag"): ("view",),
    ("wagtailsearchpromotions", "searchpromotion", "search promotion"): (
        "add", "change", "delete"),
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    perms = []
    for (app_label, model, verbose_name), actions in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in actions:
            perms.append(Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )[0])
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("zoeken", "0003_zoektekst"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
