"""The inspection board reads, and sends only its own acts (IV.3, R8), on every page of the permission matrix
that it may open, in the matrix's world, where each page has a real object behind it: the unit's review
meeting, the emulation pledges and scores, the province's Tờ trình, the public notices, the council's ballot.
tests/campaign/test_inspection_readonly.py holds the same rules on its own smaller world."""

import pytest

from tests.campaign.test_inspection_readonly import OUTSIDE_THE_WALK, offences_on_page
from tests.security.test_permission_matrix import EXPECTED
from tests.security.world import ROLES, build_world

pytestmark = pytest.mark.django_db

BOARD = ROLES.index("inspector")


def test_no_page_the_board_may_open_offers_it_a_form_or_a_link_to_an_editing_page(client, make_pdf):
    world = build_world(make_pdf)
    client.force_login(world.users["inspector"])
    pages = {name: path.format(**world.ids) for (method, name), (path, statuses) in EXPECTED.items()
             if method == "GET" and not name.startswith("admin") and name not in OUTSIDE_THE_WALK
             and statuses[BOARD] == 200}

    offending, opened = [], []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        opened.append(name)
        offending += offences_on_page(name, url, response)

    assert offending == [], offending
    # The pages the smaller world of test_inspection_readonly.py could not sample are walked here.
    assert {"dossiers:meeting", "emulation:register", "emulation:ranking", "awards:notice",
            "awards:council-ballot", "awards:decision"} <= set(opened)
