"""A campaign's totals (reports_campaignfigures) follow its units' rows (reports_unitfigures): a trigger moves
them by each row's change (new minus old) in the statement that changes the row, on PostgreSQL and SQLite.
The dashboard then reads one row per campaign, whatever the number of units.

On PostgreSQL, reports_locked_recount() takes the rows' locks and then runs the recount it is given, in one
call (one statement for the dossier steps' query budget, two snapshots: see reports/figures.py)."""

from django.db import migrations

# The figure columns as they are at this migration (reports/models.py FIGURE_COLUMNS).
COLUMNS = (
    "staff_total", "staff_with_login", "acknowledged", "items_reported",
    "dossiers_draft", "dossiers_submitted", "dossiers_returned", "dossiers_accepted", "dossiers_rejected",
    "dossiers_withdrawn", "collectives", "individuals",
    "grassroots_collectives", "grassroots_individuals", "grassroots_women", "grassroots_leaders",
    "grassroots_direct_workers", "provincial_collectives", "provincial_individuals", "provincial_women",
    "provincial_leaders", "provincial_direct_workers",
)


def _moves(new: str | None, old: str | None) -> str:
    """SET clauses moving each total by the row's new value minus its old one (0 for a missing side)."""
    def side(row):
        return (lambda name: f"{row}.{name}") if row else (lambda name: "0")

    new_value, old_value = side(new), side(old)
    return ", ".join(f"{name} = {name} + ({new_value(name)}) - ({old_value(name)})" for name in COLUMNS)


POSTGRESQL = f"""
CREATE FUNCTION reports_unitfigures_moves_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        UPDATE reports_campaignfigures SET {_moves("NEW", "OLD")} WHERE campaign_id = NEW.campaign_id;
    ELSIF TG_OP = 'INSERT' THEN
        UPDATE reports_campaignfigures SET {_moves("NEW", None)} WHERE campaign_id = NEW.campaign_id;
    ELSE
        UPDATE reports_campaignfigures SET {_moves(None, "OLD")} WHERE campaign_id = OLD.campaign_id;
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION reports_locked_recount(campaign_ids bigint[], unit_ids bigint[], at timestamptz, recount text,
                                       create_rows boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF NOT create_rows THEN
        -- After a deletion: only the rows that exist (their campaign may be being deleted).
        PERFORM 1 FROM reports_campaignfigures WHERE campaign_id = ANY(campaign_ids) ORDER BY campaign_id FOR UPDATE;
        PERFORM 1 FROM reports_unitfigures f JOIN unnest(campaign_ids, unit_ids) AS p(c, u)
                ON f.campaign_id = p.c AND f.unit_id = p.u ORDER BY f.campaign_id, f.unit_id FOR UPDATE OF f;
        EXECUTE recount;
        RETURN;
    END IF;
    -- 1. The locks, in one order for everyone: the campaigns and units (FOR KEY SHARE, as their foreign keys
    --    will at COMMIT), the campaigns' totals, the units' rows (created if need be), sorted.
    PERFORM 1 FROM campaign_campaign WHERE id = ANY(campaign_ids) ORDER BY id FOR KEY SHARE;
    PERFORM 1 FROM campaign_unit WHERE id = ANY(unit_ids) ORDER BY id FOR KEY SHARE;
    INSERT INTO reports_campaignfigures (campaign_id, counted_at, {", ".join(COLUMNS)})
        SELECT DISTINCT c, at, {", ".join("0" for _ in COLUMNS)} FROM unnest(campaign_ids) AS c ORDER BY c
        ON CONFLICT (campaign_id) DO UPDATE SET counted_at = EXCLUDED.counted_at;
    INSERT INTO reports_unitfigures (campaign_id, unit_id, counted_at, {", ".join(COLUMNS)})
        SELECT p.c, p.u, at, {", ".join("0" for _ in COLUMNS)} FROM unnest(campaign_ids, unit_ids) AS p(c, u)
         ORDER BY p.c, p.u
        ON CONFLICT (campaign_id, unit_id) DO UPDATE SET counted_at = EXCLUDED.counted_at;
    -- 2. The count (reports/figures.py builds it): a statement of its own, so its snapshot is taken with
    --    the locks held (a VOLATILE function's statements each take a fresh one in READ COMMITTED).
    EXECUTE recount;
END $$;
CREATE TRIGGER reports_unitfigures_moves_campaign_upd AFTER UPDATE ON reports_unitfigures FOR EACH ROW
    WHEN (({", ".join(f"OLD.{c}" for c in COLUMNS)}) IS DISTINCT FROM ({", ".join(f"NEW.{c}" for c in COLUMNS)}))
    EXECUTE FUNCTION reports_unitfigures_moves_campaign();
CREATE TRIGGER reports_unitfigures_moves_campaign_ins AFTER INSERT ON reports_unitfigures FOR EACH ROW
    EXECUTE FUNCTION reports_unitfigures_moves_campaign();
CREATE TRIGGER reports_unitfigures_moves_campaign_del AFTER DELETE ON reports_unitfigures FOR EACH ROW
    EXECUTE FUNCTION reports_unitfigures_moves_campaign();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS reports_unitfigures_moves_campaign_upd ON reports_unitfigures;
DROP TRIGGER IF EXISTS reports_unitfigures_moves_campaign_ins ON reports_unitfigures;
DROP TRIGGER IF EXISTS reports_unitfigures_moves_campaign_del ON reports_unitfigures;
DROP FUNCTION IF EXISTS reports_unitfigures_moves_campaign();
DROP FUNCTION IF EXISTS reports_locked_recount(bigint[], bigint[], timestamptz, text, boolean);
"""

_ZEROS = ", ".join("0" for _ in COLUMNS)
# (Not INSERT OR IGNORE: the outer statement's conflict clause would override the trigger's.)
_ENSURE = (f"INSERT INTO reports_campaignfigures (campaign_id, counted_at, {', '.join(COLUMNS)}) "
           f"SELECT NEW.campaign_id, CURRENT_TIMESTAMP, {_ZEROS} WHERE NOT EXISTS "
           f"(SELECT 1 FROM reports_campaignfigures WHERE campaign_id = NEW.campaign_id);")

SQLITE = [
    f"""CREATE TRIGGER reports_unitfigures_moves_campaign_upd AFTER UPDATE ON reports_unitfigures FOR EACH ROW
    BEGIN
        UPDATE reports_campaignfigures SET {_moves("NEW", "OLD")} WHERE campaign_id = NEW.campaign_id; END""",
    f"""CREATE TRIGGER reports_unitfigures_moves_campaign_ins AFTER INSERT ON reports_unitfigures FOR EACH ROW
    BEGIN {_ENSURE}
        UPDATE reports_campaignfigures SET {_moves("NEW", None)} WHERE campaign_id = NEW.campaign_id; END""",
    f"""CREATE TRIGGER reports_unitfigures_moves_campaign_del AFTER DELETE ON reports_unitfigures FOR EACH ROW
    BEGIN UPDATE reports_campaignfigures SET {_moves(None, "OLD")} WHERE campaign_id = OLD.campaign_id; END""",
]

SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS reports_unitfigures_moves_campaign_{s}" for s in ("upd", "ins", "del")]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": [POSTGRESQL], "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise RuntimeError(f"reports: no trigger for the database {vendor!r} (PostgreSQL or SQLite)")
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in {"postgresql": [POSTGRESQL_REVERSE], "sqlite": SQLITE_REVERSE}.get(
            schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0001_unit_figures"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
