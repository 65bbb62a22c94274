import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Regions as a small hierarchy: a gemeente (or a region inside one provincie) names its
    provincie; and a kind for what lies in no provincie (landelijk)."""

    dependencies = [
        ("portaal", "0007_taxonomy_slug_from_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="regio",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="De provincie waarin deze gemeente of regio ligt. Wie op de provincie "
                "filtert, vindt ook de pagina's van deze regio.",
                limit_choices_to={"kind": "provincie"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="children",
                to="portaal.regio",
                verbose_name="provincie",
            ),
        ),
        migrations.AlterField(
            model_name="regio",
            name="kind",
            field=models.CharField(
                choices=[
                    ("provincie", "Provincie"),
                    ("versnellingsregio", "Versnellingsregio"),
                    ("gemeente", "Gemeente"),
                    ("regio", "Regio"),
                    ("landelijk", "Landelijk"),
                ],
                default="regio",
                max_length=30,
                verbose_name="soort",
            ),
        ),
    ]
