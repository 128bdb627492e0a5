"""The province dashboard (issue 11): one line per agency for the provincial steering committee, the same
figures in the XLSX export, sortable by any column, and a query count that does not grow with the agencies."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import Approval, ProvincialProposal
from campaign.models import (
    Allocation,
    CommitteeMembership,
    ContentItem,
    Province,
    ProvincialPlan,
)
from dossiers.models import DossierState
from reports import exports, province
from tests.factories import (
    AcknowledgementFactory,
    AgencyFactory,
    CampaignFactory,
    DossierFactory,
    NominationFactory,
    ProgressReportFactory,
    StaffMemberFactory,
    UnitFactory,
    UserFactory,
    office_user,
    staff_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]

URL = "/tinh/bang-theo-doi/"
EXPORT_URL = "/tinh/bang-theo-doi/xuat.xlsx"
HEADER_ROW = 6  # four heading lines, a blank line, then the column headers
# Session, user, the committee's standing (two), the province's plans, then the selector's five (the
# agencies' figures, their own plans, people, acknowledgements, dossier states): 10 whatever the number
# of agencies, with a little room for the standing.
MAX_QUERIES = 12


def make_province(code: str = "DT", name: str = "Tỉnh Đồng Tháp") -> Province:
    return Province.objects.create(name=name, code=code, place_name=name.removeprefix("Tỉnh "))


def make_plan(province: Province, number: str = "157/KH-UBND", signed: dt.date = dt.date(2023, 4, 27)) -> ProvincialPlan:
    return ProvincialPlan.objects.create(
        province=province, number=number, signing_date=signed, issuer="UBND tỉnh", year=signed.year,
        title="Thực hiện Quy chế dân chủ ở cơ sở năm 2023",
    )


def committee_user(province: Province, username: str = "bcd.tinh"):
    user = UserFactory(username=username)
    CommitteeMembership.objects.create(user=user, province=province)
    return user


def approve(nomination, by):
    return Approval.objects.create(nomination=nomination, campaign=nomination.campaign, level=nomination.level,
                                   kind=nomination.kind, approved_by=by, approved_at=timezone.now())


def send_proposal(campaign, by, *, serial: int = 7, sending_state: str = "sent"):
    code = campaign.agency.code
    return ProvincialProposal.objects.create(
        agency=campaign.agency, campaign=campaign, number=f"{serial}/TTr-{code}", serial=serial,
        signing_date=dt.date(2023, 10, 16), signer_name="Nguyễn Hữu Dũng", signer_title="Giám đốc",
        subject="Đề nghị khen thưởng cấp tỉnh", recipients="Ban Chỉ đạo tỉnh", addressee="Ban Chỉ đạo tỉnh",
        created_by=by, state="signed", signed_by=by, signed_at=timezone.now(),
        sending_state=sending_state, sent_at=timezone.now() if sending_state != "not_sent" else None,
        sent_by=by if sending_state != "not_sent" else None,
    )


def build_agency(plan: ProvincialPlan, index: int, *, acknowledged: int = 1, reported: int = 1):
    """An agency of the plan's province with its own plan carrying out the province's: 2 units of 2 staff
    with a login (and one without), `acknowledged` acknowledgements and `reported` reports per unit, a
    draft, a submitted and an accepted dossier, one grassroots and one provincial approval, an allocation
    of 1 collective and 2 individuals, and a Tờ trình sent to the committee."""
    agency = AgencyFactory(code=f"S{index:02d}", name=f"Sở số {index:02d}", province=plan.province)
    office = office_user(username=f"vanphong.{index}", agency=agency)
    campaign = CampaignFactory(agency=agency, number=f"{50 + index}/KH-S{index:02d}", provincial_plan=plan)
    items = ContentItem.objects.bulk_create(
        ContentItem(campaign=campaign, number=n, text=f"Nội dung {n}") for n in (1, 2, 3)
    )
    for u in range(2):
        unit = UnitFactory(agency=agency, name=f"Phòng {u} của sở {index}")
        people = [StaffMemberFactory(unit=unit, user=UserFactory()) for _ in range(2)]
        StaffMemberFactory(unit=unit)  # no login: not counted
        for person in people[:acknowledged]:
            AcknowledgementFactory(campaign=campaign, staff=person)
        for item in items[:reported]:
            ProgressReportFactory(content_item=item, unit=unit)
        if u == 1:
            DossierFactory(campaign=campaign, unit=unit)  # a draft: the committee never counts it
        else:
            submitted = DossierFactory(campaign=campaign, unit=unit, state=DossierState.SUBMITTED)
            accepted = DossierFactory(campaign=campaign, unit=unit, level="provincial", state=DossierState.ACCEPTED)
            approve(NominationFactory(dossier=submitted, staff=people[0]), office)
            approve(NominationFactory(dossier=accepted, staff=people[1]), office)
    Allocation.objects.create(provincial_plan=plan, agency=agency, collectives=1, individuals=2, updated_by=office,
                              updated_at=timezone.now())
    send_proposal(campaign, office)
    return agency


@pytest.fixture
def dong_thap():
    return make_province()


@pytest.fixture
def plan(dong_thap):
    return make_plan(dong_thap)


@pytest.fixture
def committee(dong_thap):
    return committee_user(dong_thap)


def line_of(data, agency):
    return next(line for line in data.lines if line.agency.pk == agency.pk)


# Figures --------------------------------------------------------------------------------------------------


def test_each_agency_line_counts_what_it_reports_upward(plan):
    full = build_agency(plan, 1, acknowledged=2, reported=3)
    half = build_agency(plan, 2, acknowledged=1, reported=1)
    silent = AgencyFactory(code="S03", name="Sở số 03", province=plan.province)  # no plan of its own yet
    elsewhere = AgencyFactory(code="X01", name="Sở tỉnh khác", province=make_province("AG", "Tỉnh An Giang"))

    data = province.province_dashboard(plan)

    assert [line.agency.pk for line in data.lines] == [full.pk, half.pk, silent.pk]
    assert elsewhere.pk not in {line.agency.pk for line in data.lines}
    line = line_of(data, full)
    assert [(p.number, p.launch_date, p.launched) for p in line.plans] == [("51/KH-S01", dt.date(2023, 5, 15), True)]
    assert (line.agency.acknowledged, line.agency.staff_with_login, line.ack_percent) == (4, 4, 100)
    assert (line.agency.items_reported, line.items_total, line.items_percent) == (6, 6, 100)
    # The draft is the unit's own: only the submitted and the accepted dossiers count.
    assert line.agency.dossier_count == 2
    assert line.dossier_states == [("submitted", "Đã nộp", 1), ("accepted", "Đã tiếp nhận", 1)]
    assert (line.grassroots_approved, line.grassroots_quota) == (1, 7)
    assert (line.provincial_proposed, line.allocated) == (1, 3)
    assert (line.agency.allocation_collectives, line.agency.allocation_individuals) == (1, 2)
    assert line.proposal == ("Đã gửi Ban Chỉ đạo", "primary")
    assert line.proposal_number == "7/TTr-S01"

    half_line = line_of(data, half)
    assert (half_line.ack_percent, half_line.items_percent) == (50, 33)

    quiet = line_of(data, silent)
    assert quiet.plans == [] and not quiet.launched
    assert (quiet.agency.staff_with_login, quiet.items_total, quiet.agency.dossier_count) == (0, 0, 0)
    assert quiet.allocated is None and quiet.proposal == ("Chưa lập", "secondary")

    totals = data.totals
    assert (totals.agencies, totals.launched) == (3, 2)
    assert (totals.acknowledged, totals.staff_with_login, totals.ack_percent) == (6, 8, 75)
    assert (totals.items_reported, totals.items_total) == (8, 12)
    assert totals.dossiers == {"submitted": 2, "accepted": 2}
    assert (totals.grassroots_approved, totals.grassroots_quota) == (2, 14)
    assert (totals.provincial_proposed, totals.allocated, totals.proposals_sent) == (2, 6, 2)


def test_revoked_approvals_plans_of_another_provincial_plan_and_unsent_steps_do_not_count(plan):
    agency = build_agency(plan, 1)
    approval = Approval.objects.filter(campaign__agency=agency, level="grassroots").get()
    approval.revoked_at = timezone.now()
    approval.revoked_by = approval.approved_by
    approval.save()
    # The agency's plan of another year, carrying out another provincial plan, counts on that plan only.
    later = make_plan(plan.province, number="12/KH-UBND", signed=dt.date(2024, 3, 1))
    CampaignFactory(agency=agency, number="9/KH-S01", year=2024, provincial_plan=later,
                    launch_date=dt.date(2024, 4, 1), emulation_end=dt.date(2024, 10, 31),
                    submission_deadline=dt.date(2024, 11, 10))

    line = line_of(province.province_dashboard(plan), agency)
    assert line.grassroots_approved == 0
    assert [p.number for p in line.plans] == ["51/KH-S01"]

    later_line = line_of(province.province_dashboard(later), agency)
    assert [(p.number, p.launched) for p in later_line.plans] == [("9/KH-S01", False)]  # 20/10/2023: not yet
    assert later_line.allocated is None and later_line.agency.dossier_count == 0


@pytest.mark.parametrize(
    ("sending_state", "expected"),
    [("not_sent", "Đã ký, chưa gửi"), ("returned", "Bị trả lại"), ("accepted", "Ban Chỉ đạo đã tiếp nhận")],
)
def test_the_proposal_column_follows_the_sending_state(plan, sending_state, expected):
    agency = AgencyFactory(code="S01", name="Sở số 01", province=plan.province)
    office = office_user(username="vp", agency=agency)
    send_proposal(CampaignFactory(agency=agency, provincial_plan=plan), office, sending_state=sending_state)

    line = line_of(province.province_dashboard(plan), agency)
    assert line.proposal[0] == expected
    # The number of a Tờ trình the agency has not sent is its own business.
    assert line.proposal_number == ("" if sending_state == "not_sent" else "7/TTr-S01")


# Sorting --------------------------------------------------------------------------------------------------


@pytest.fixture
def three_agencies(plan):
    return {
        "low": build_agency(plan, 1, acknowledged=0, reported=3),
        "high": build_agency(plan, 2, acknowledged=2, reported=1),
        "mid": build_agency(plan, 3, acknowledged=1, reported=2),
    }


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("", ["low", "high", "mid"]),  # by name: Sở số 01, 02, 03
        ("-co-quan", ["mid", "high", "low"]),
        ("xac-nhan", ["low", "mid", "high"]),
        ("-xac-nhan", ["high", "mid", "low"]),
        ("-noi-dung", ["low", "mid", "high"]),
        ("noi-dung", ["high", "mid", "low"]),
        ("khong-co", ["low", "high", "mid"]),  # an unknown column: the default order
    ],
)
def test_the_table_sorts_on_the_server_by_any_column(client, committee, three_agencies, sort, order):
    client.force_login(committee)
    html = client.get(URL, {"sap-xep": sort}).content.decode()

    positions = [html.index(f'data-agency="{three_agencies[name].pk}"') for name in order]
    assert positions == sorted(positions)


def test_every_column_sorts_both_ways_in_sql(plan, three_agencies):
    silent = AgencyFactory(code="S04", name="Sở số 04", province=plan.province)
    for key in province.SORTS:
        for prefix in ("", "-"):
            data = province.province_dashboard(plan, sort=f"{prefix}{key}")
            assert (data.sort, data.descending) == (key, prefix == "-")
            assert len(data.lines) == 4
    # Agencies with nothing to compare (no plan, no staff) come last, whichever the direction.
    assert province.province_dashboard(plan, sort="xac-nhan").lines[-1].agency == silent
    assert province.province_dashboard(plan, sort="-xac-nhan").lines[-1].agency == silent
    assert province.province_dashboard(plan, sort="ke-hoach").lines[-1].agency == silent


def test_the_headers_link_to_both_directions(client, committee, plan, three_agencies):
    client.force_login(committee)
    html = client.get(URL, {"sap-xep": "-xac-nhan"}).content.decode()

    assert f'href="?ke-hoach-tinh={plan.pk}&amp;sap-xep=xac-nhan#theo-co-quan"' in html  # the other way round
    assert f'href="?ke-hoach-tinh={plan.pk}&amp;sap-xep=-ho-so#theo-co-quan"' in html  # figures: largest first
    assert f'href="?ke-hoach-tinh={plan.pk}&amp;sap-xep=co-quan#theo-co-quan"' in html  # names: A to Z
    assert 'aria-sort="descending"' in html


# The page and the export ----------------------------------------------------------------------------------


def test_the_page_shows_the_lines_the_charts_and_the_export(client, committee, plan):
    agency = build_agency(plan, 1, acknowledged=1, reported=2)
    client.force_login(committee)

    response = client.get(URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Bảng theo dõi cấp tỉnh" in html and "Kế hoạch số 157/KH-UBND ngày 27/04/2023 của UBND tỉnh" in html
    assert f'<tr data-agency="{agency.pk}">' in html
    assert '<span class="ack-figure">2/4</span>' in html
    assert '<span class="items-figure">4/6</span>' in html
    assert "1/3" in html and "Đã gửi Ban Chỉ đạo" in html and "Số 7/TTr-S01" in html
    assert html.count('<svg class="chart"') == 3
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert f'href="{EXPORT_URL}?ke-hoach-tinh={plan.pk}&amp;sap-xep=co-quan"' in html


def test_the_export_opens_and_has_the_same_figures(client, committee, plan):
    first = build_agency(plan, 1, acknowledged=2, reported=3)
    second = build_agency(plan, 2, acknowledged=1, reported=1)
    client.force_login(committee)

    response = client.get(EXPORT_URL, {"ke-hoach-tinh": plan.pk, "sap-xep": "-xac-nhan"})

    assert response.status_code == 200 and response["Content-Type"] == exports.XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="theo-doi-cap-tinh-2023-157.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content))["Theo cơ quan"]
    assert sheet["A1"].value == "BAN CHỈ ĐẠO THỰC HIỆN QUY CHẾ DÂN CHỦ Ở CƠ SỞ TỈNH – TỈNH ĐỒNG THÁP"
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    rows = [dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
            if r[1] is not None]
    data = province.province_dashboard(plan, sort="-xac-nhan")
    assert [r["Cơ quan"] for r in rows[:-1]] == [first.name, second.name]
    for row, line in zip(rows, data.lines, strict=False):
        assert row["Kế hoạch của cơ quan"] == line.plans[0].number
        assert row["Ngày phát động"] == "15/05/2023"
        assert (row["Đã xác nhận nắm Kế hoạch"], row["Cán bộ có tài khoản"]) == (
            line.agency.acknowledged, line.agency.staff_with_login)
        assert row["Tỷ lệ xác nhận (%)"] == line.ack_percent
        assert (row["Lượt nội dung đã báo cáo"], row["Tổng lượt nội dung"]) == (
            line.agency.items_reported, line.items_total)
        assert row["Tổng số hồ sơ (không tính nháp)"] == line.agency.dossier_count == 2
        assert (row["Cấp cơ sở: cá nhân được duyệt"], row["Cấp cơ sở: chỉ tiêu cá nhân"]) == (1, 5)
        assert (row["Cấp tỉnh: cá nhân đề nghị"], row["Cấp tỉnh: phân bổ cá nhân"]) == (1, 2)
        assert row["Tờ trình"] == "Đã gửi Ban Chỉ đạo"
    total = rows[-1]
    assert total["Cơ quan"] == "Toàn tỉnh (2 cơ quan)"
    assert (total["Đã xác nhận nắm Kế hoạch"], total["Cán bộ có tài khoản"], total["Tỷ lệ xác nhận (%)"]) == (6, 8, 75)
    assert total["Tổng số hồ sơ (không tính nháp)"] == 4


def test_a_name_typed_as_a_formula_stays_text_in_the_export(client, committee, plan):
    AgencyFactory(code="S01", name='=HYPERLINK("http://x.example","Bấm")', province=plan.province)
    client.force_login(committee)

    sheet = load_workbook(io.BytesIO(client.get(EXPORT_URL).content))["Theo cơ quan"]

    cell = sheet.cell(row=HEADER_ROW + 1, column=2)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_the_committee_chooses_among_its_provinces_plans(client, committee, plan):
    later = make_plan(plan.province, number="12/KH-UBND", signed=dt.date(2024, 3, 1))
    other = make_plan(make_province("AG", "Tỉnh An Giang"), number="88/KH-UBND")
    client.force_login(committee)

    html = client.get(URL).content.decode()
    assert "Kế hoạch số 12/KH-UBND" in html  # the latest by default
    assert f'href="?ke-hoach-tinh={plan.pk}"' in html and "88/KH-UBND" not in html
    assert "Kế hoạch số 157/KH-UBND" in client.get(URL, {"ke-hoach-tinh": plan.pk}).content.decode()
    # Another province's plan, a plan that does not exist, garbage: not found, and nothing is exported.
    for wanted in (other.pk, 999999, "abc", "1 OR 1=1", "9" * 40, "\x00"):
        assert client.get(URL, {"ke-hoach-tinh": wanted}).status_code == 404
        assert client.get(EXPORT_URL, {"ke-hoach-tinh": wanted}).status_code == 404
    assert later.pk != plan.pk


def test_a_province_without_a_plan_says_so(client, dong_thap, committee):
    client.force_login(committee)

    response = client.get(URL)

    assert response.status_code == 200
    assert "Tỉnh chưa có kế hoạch nào trên Cổng" in response.content.decode()
    assert client.get(EXPORT_URL).status_code == 404


# Query count ----------------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_agencies(client, committee, plan, django_assert_max_num_queries):
    for index in (1, 2):
        build_agency(plan, index)
    client.force_login(committee)
    client.get(URL)  # the session is warm, as for every page after the first
    with_two = (_queries(client, URL), _queries(client, f"{EXPORT_URL}?sap-xep=-cap-tinh"))
    for index in range(3, 13):
        build_agency(plan, index)
    assert len(province.province_dashboard(plan).lines) == 12
    with_twelve = (_queries(client, URL), _queries(client, f"{EXPORT_URL}?sap-xep=-cap-tinh"))

    assert with_two == with_twelve
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(URL, {"sap-xep": "-to-trinh"})


def test_the_selector_is_five_queries(plan, django_assert_num_queries):
    for index in range(1, 5):
        build_agency(plan, index)
    with django_assert_num_queries(5):
        data = province.province_dashboard(plan, sort="-ho-so")
        [line.dossier_states for line in data.lines]


# Access ---------------------------------------------------------------------------------------------------


def test_only_the_committee_reads_the_province_dashboard(client, plan):
    agency = build_agency(plan, 1)
    unit = agency.units.first()
    people = {
        "office": agency.memberships.first().user,
        "staff": staff_user(unit, username="canbo"),
        "leader": staff_user(unit, username="truongphong", is_leader=True),
    }
    for user in people.values():
        client.force_login(user)
        for url in (URL, EXPORT_URL):
            response = client.get(url)
            assert response.status_code == 403
            assert "Ban Chỉ đạo" in response.content.decode()
    client.logout()
    assert client.get(URL).status_code == 302
    assert client.post(URL).status_code == 302
    client.force_login(committee_user(plan.province))
    assert client.post(URL).status_code == 405
    assert client.post(EXPORT_URL).status_code == 405


def test_another_provinces_committee_sees_only_its_own_agencies(client, plan):
    build_agency(plan, 1)
    an_giang = make_province("AG", "Tỉnh An Giang")
    own_plan = make_plan(an_giang, number="88/KH-UBND")
    AgencyFactory(code="AG1", name="Sở Công Thương An Giang", province=an_giang)
    client.force_login(committee_user(an_giang, username="bcd.angiang"))

    html = client.get(URL).content.decode()

    assert "88/KH-UBND" in html and "Sở Công Thương An Giang" in html
    assert "Sở số 01" not in html and "157/KH-UBND" not in html
    assert client.get(URL, {"ke-hoach-tinh": plan.pk}).status_code == 404
    assert own_plan.pk != plan.pk
