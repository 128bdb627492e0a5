"""A dossier's row recounts its unit's figures in the database, in the statement that inserts, deletes or
changes the state (or the unit, or the campaign) of the dossier: no statement of its own in the dossier
steps (issue 17: at most 20 statements per step; submitting was at 20), and a bulk_create or a queryset
update() of dossiers is counted too.

The recount is the UPDATE that reports/figures.py builds from the models (figure_expressions), compiled here
for a placeholder campaign and unit, with the real ones put in by the trigger. If the figures' definition
changes, a new migration re-creates the trigger (run this one's `install` again)."""

from django.db import migrations

CAMPAIGN, UNIT = 987654321001, 987654321002  # placeholders in the compiled SQL

COLUMNS = (
    "staff_total", "staff_with_login", "acknowledged", "items_reported",
    "dossiers_draft", "dossiers_submitted", "dossiers_returned", "dossiers_accepted", "dossiers_rejected",
    "dossiers_withdrawn", "collectives", "individuals",
    "grassroots_collectives", "grassroots_individuals", "grassroots_women", "grassroots_leaders",
    "grassroots_direct_workers", "provincial_collectives", "provincial_individuals", "provincial_women",
    "provincial_leaders", "provincial_direct_workers",
)


def _literal(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"unexpected parameter {value!r}")


def _template(apps, connection) -> str:
    from reports.figures import recount_sql

    rows = apps.get_model("reports", "UnitFigures").objects.filter(campaign_id=CAMPAIGN, unit_id=UNIT)
    sql, params = recount_sql(rows, get_model=apps.get_model)
    if connection.vendor == "postgresql":
        from psycopg import ClientCursor

        return ClientCursor(connection.connection).mogrify(sql, params)
    return sql.replace("%s", "{}").format(*(_literal(p) for p in params))


POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS reports_dossier_recounts ON dossiers_dossier;
DROP FUNCTION IF EXISTS reports_dossier_recounts();
"""

SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS reports_dossier_recounts_{s}" for s in ("ins", "upd", "del")]


def install(apps, schema_editor):
    connection = schema_editor.connection
    connection.ensure_connection()
    template = _template(apps, connection)
    assert str(CAMPAIGN) in template and str(UNIT) in template, template
    if connection.vendor == "postgresql":
        literal = "'" + template.replace("'", "''") + "'"

        def call(row, create=True):
            return (f"PERFORM reports_locked_recount(ARRAY[{row}.campaign_id], ARRAY[{row}.unit_id], now(), "
                    f"replace(replace({literal}, '{CAMPAIGN}', {row}.campaign_id::text), "
                    f"'{UNIT}', {row}.unit_id::text), {'true' if create else 'false'});")

        schema_editor.execute(f"""
CREATE FUNCTION reports_dossier_recounts() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        {call("NEW")}
    END IF;
    -- The row the dossier leaves: recounted if it exists (never created: its campaign may be going too).
    IF (TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.unit_id, OLD.campaign_id) <> (NEW.unit_id, NEW.campaign_id)))
       AND EXISTS (SELECT 1 FROM reports_unitfigures WHERE campaign_id = OLD.campaign_id AND unit_id = OLD.unit_id)
    THEN
        {call("OLD", create=False)}
    END IF;
    RETURN NULL;
END $fn$;
CREATE TRIGGER reports_dossier_recounts AFTER INSERT OR DELETE OR UPDATE OF state, unit_id, campaign_id
    ON dossiers_dossier FOR EACH ROW EXECUTE FUNCTION reports_dossier_recounts();
""")
    elif connection.vendor == "sqlite":
        zeros = ", ".join("0" for _ in COLUMNS)

        def statements(row, create=True):
            ensure = (f"INSERT INTO reports_unitfigures (campaign_id, unit_id, counted_at, {', '.join(COLUMNS)}) "
                      f"SELECT {row}.campaign_id, {row}.unit_id, CURRENT_TIMESTAMP, {zeros} WHERE NOT EXISTS "
                      f"(SELECT 1 FROM reports_unitfigures WHERE campaign_id = {row}.campaign_id "
                      f"AND unit_id = {row}.unit_id);")
            update = template.replace(str(CAMPAIGN), f"{row}.campaign_id").replace(str(UNIT), f"{row}.unit_id")
            # The row a dossier leaves is recounted if it exists, never created (its campaign may be going too).
            return f"{ensure} {update};" if create else f"{update};"

        schema_editor.execute(f"""CREATE TRIGGER reports_dossier_recounts_ins AFTER INSERT ON dossiers_dossier
            FOR EACH ROW BEGIN {statements("NEW")} END""")
        schema_editor.execute(f"""CREATE TRIGGER reports_dossier_recounts_upd
            AFTER UPDATE OF state, unit_id, campaign_id ON dossiers_dossier
            FOR EACH ROW BEGIN {statements("NEW")} {statements("OLD", create=False)} END""")
        schema_editor.execute(f"""CREATE TRIGGER reports_dossier_recounts_del AFTER DELETE ON dossiers_dossier
            FOR EACH ROW BEGIN {statements("OLD", create=False)} END""")
    else:
        raise RuntimeError(f"reports: no trigger for the database {connection.vendor!r} (PostgreSQL or SQLite)")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": [POSTGRESQL_REVERSE], "sqlite": SQLITE_REVERSE}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_unit_figures_backfill"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
