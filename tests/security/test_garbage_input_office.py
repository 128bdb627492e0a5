"""The garbage walk of test_garbage_input.py for the office and the Director, who see most admin pages (the
walk is split so that two test workers share it)."""

import pytest

from tests.security.test_garbage_input import OFFICE_SIDE, walk

pytestmark = pytest.mark.django_db


def test_garbage_in_every_form_never_gives_a_server_error_for_the_office_and_the_director(make_pdf):
    walk(make_pdf, OFFICE_SIDE)


def test_the_two_halves_of_the_walk_cover_every_role():
    from tests.security.test_garbage_input import OTHER_SIDE
    from tests.security.world import ROLES

    assert sorted(OTHER_SIDE + OFFICE_SIDE) == sorted(ROLES)
