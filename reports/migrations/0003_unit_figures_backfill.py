"""Existing deployments: count every campaign's kept figures once (reports/figures.py `rebuild`), with the
models as they are at this migration."""

from django.db import migrations


def backfill(apps, schema_editor):
    from reports.figures import rebuild

    rebuild(get_model=apps.get_model)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_campaign_figures_trigger"),
        ("campaign", "0016_unit_unit_agency_order_idx"),
        ("dossiers", "0008_dossier_code_backfill"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
