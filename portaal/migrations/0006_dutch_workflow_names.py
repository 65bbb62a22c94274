"""Wagtail's default workflow and task are named in English ("Moderators approval", from the
group name) and editors see them in the admin ("Stuur door naar Moderators approval"): give
them Dutch names. Only the names Wagtail made; a workflow an admin renamed stays as it is."""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
WORKFLOW_NAME = "Moderatoren"
TASK_NAME = "Beoordeling door moderatoren"


def to_dutch(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WAGTAIL_NAME).update(
        name=WORKFLOW_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=WAGTAIL_NAME).update(name=TASK_NAME)


def to_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).update(
        name=WAGTAIL_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).update(name=WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("portaal", "0005_throttlecounter"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_dutch, to_english)]
