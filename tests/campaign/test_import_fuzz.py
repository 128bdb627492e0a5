"""Property-based: whatever the office's spreadsheet holds, the import answers with messages, never a crash,
and writes nothing until every row is valid."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign import imports
from campaign.models import StaffMember, Unit
from tests.campaign.conftest import xlsx_upload
from tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db

UNIT_HEADER = ["Tên đơn vị", "Loại đơn vị", "Thứ tự", "Email"]
STAFF_HEADER = ["Họ và tên", "Giới tính", "Chức vụ", "Đơn vị", "Lãnh đạo", "Trực tiếp lao động"]
# Text openpyxl can store in a cell: any Unicode but the XML-forbidden control characters.
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(map(chr, range(0, 32)))),
    max_size=300,
)
cell = st.one_of(cell_text, st.integers(-10**6, 10**6), st.none(), st.sampled_from(["Nam", "Nữ", "x", "=1+1"]))


@pytest.fixture
def agency():
    agency = AgencyFactory()
    UnitFactory(agency=agency, name="Văn phòng Sở")
    return agency


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    units=st.lists(st.lists(cell, min_size=0, max_size=5), max_size=4),
    staff=st.lists(st.lists(cell, min_size=0, max_size=7), max_size=6),
)
def test_any_spreadsheet_gets_a_preview_or_a_message(agency, units, staff):
    units_before, staff_before = Unit.objects.count(), StaffMember.objects.count()
    upload = xlsx_upload({"Đơn vị": [UNIT_HEADER, *units], "Cán bộ": [STAFF_HEADER, *staff]})
    try:
        unit_rows, staff_rows, problems = imports.read_workbook(upload)
        preview = imports.check_rows(agency, unit_rows, staff_rows, problems)
    except imports.ImportRefused as refused:
        assert str(refused)
    else:
        for problem in preview.problems:
            assert problem.message and isinstance(problem.row, int)
    assert (Unit.objects.count(), StaffMember.objects.count()) == (units_before, staff_before)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=2000))
def test_any_uploaded_bytes_are_refused_with_a_message(agency, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("can-bo.xlsx", content)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.read_workbook(upload)
    assert str(refused.value)
