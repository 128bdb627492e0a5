"""Codes for the dossiers already submitted, in the order they were submitted, per agency and year."""

from django.db import migrations


def give_codes(apps, schema_editor):
    Dossier = apps.get_model("dossiers", "Dossier")
    Sequence = apps.get_model("dossiers", "DossierCodeSequence")
    last: dict[tuple[int, int], int] = {}
    submitted = (
        Dossier.objects.filter(submitted_at__isnull=False, code="")
        .select_related("campaign__agency")
        .order_by("submitted_at", "pk")
    )
    for dossier in submitted:
        agency = dossier.campaign.agency
        key = (agency.pk, dossier.campaign.year)
        last[key] = last.get(key, 0) + 1
        dossier.code = f"{agency.code}-{dossier.campaign.year}-{last[key]:04d}"
        dossier.save(update_fields=["code"])
    for (agency_id, year), number in last.items():
        Sequence.objects.update_or_create(agency_id=agency_id, year=year, defaults={"last_number": number})


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0007_dossier_code")]

    operations = [migrations.RunPython(give_codes, migrations.RunPython.noop)]
