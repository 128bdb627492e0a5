"""The dashboard and exports read a running campaign: the same fixtures as the campaign tests."""

from tests.campaign.conftest import (  # noqa: F401 (fixtures)
    director,
    during_emulation,
    inspector,
    items,
    leader,
    member,
    office,
    other_unit,
    outsider,
    plan,
    unit,
    xlsx_upload,
)
