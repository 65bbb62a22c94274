from django.db import migrations

SEED = [
    "ggz, geestelijke gezondheidszorg",
    "maatje, buddy, vrijwilliger",
    "ervaringsdeskundige, ervaringsdeskundigheid",
    "eenzaamheid, sociaal isolement",
    "kwartiermaker, kwartiermaken",
]


def seed(apps, schema_editor):
    Synoniem = apps.get_model("zoeken", "Synoniem")
    for terms in SEED:
        Synoniem.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("zoeken", "0001_synoniem_zoekvraag")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
