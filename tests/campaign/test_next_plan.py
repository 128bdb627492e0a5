"""A plan's Căn cứ from the law of its date, the warning on stale texts, and next year's plan
(issue 13 points 1 and 6, DESIGN.md R11)."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages

from campaign.models import Campaign, ContentItem, DossierRequirement, LegalBasis
from campaign.plans import copy_plan, initial_legal_bases, stale_warning
from campaign.signals import plan_copied
from core.errors import DomainError, NotAllowed
from dossiers.models import Dossier
from legal.models import LegalRegime
from tests.factories import (
    AcknowledgementFactory,
    AgencyFactory,
    CampaignFactory,
    ContentItemFactory,
    DossierFactory,
    ProgressReportFactory,
    UnitFactory,
    director_user,
    office_user,
    staff_user,
)

pytestmark = pytest.mark.django_db

COMPETENCE = (
    "Căn cứ Quyết định số 12/2021/QĐ-UBND ngày 20 tháng 4 năm 2021 của Ủy ban nhân dân Tỉnh Đồng Tháp quy định "
    "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Công Thương"
)
REGIME_2024 = [
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
    "điều của Luật Thi đua, khen thưởng;",
    "Căn cứ Thông tư số 01/2024/TT-BNV của Bộ trưởng Bộ Nội vụ quy định biện pháp thi hành Luật Thi đua, khen thưởng;",
]
LAW_2003 = (
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, "
    "Khen thưởng ngày 16 tháng 11 năm 2013;"
)


@pytest.fixture
def agency():
    agency = AgencyFactory()
    agency.competence_basis = COMPETENCE
    agency.save()
    return agency


@pytest.fixture
def office(agency):
    return office_user(username="vanphong", agency=agency)


def _bases(campaign) -> list[str]:
    return list(campaign.legal_bases.order_by("order").values_list("text", flat=True))


def _admin_add_data(agency, **overrides):
    data = {
        "agency": agency.pk,
        "number": "15/KH-SCT",
        "title": "Phát động phong trào thi đua thực hiện Quy chế dân chủ ở cơ sở năm 2024",
        "year": 2024,
        "preamble": "",
        "launch_date": "15/05/2024",
        "emulation_end": "31/10/2024",
        "submission_deadline": "10/11/2024",
        "collective_quota": 2,
        "individual_quota": 5,
        "purposes": "",
        "requirements": "",
        "organisation": "",
        "recipients": "",
        "award_reason": "Đã có thành tích xuất sắc",
        "award_fund_source": "Quỹ thi đua",
        "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Hữu Dũng",
    }
    for prefix in ("legal_bases", "content_items", "dossier_requirements"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(overrides)
    return data


# Căn cứ pre-filled ---------------------------------------------------------------------------------------


def test_a_plan_created_in_the_admin_starts_with_competence_regime_and_plan_lines(client, agency, office):
    client.force_login(office)

    response = client.post("/quan-tri/campaign/campaign/add/", _admin_add_data(agency), follow=True)

    campaign = Campaign.objects.get()
    assert _bases(campaign) == [
        COMPETENCE + ";",
        *REGIME_2024,
        "Căn cứ Kế hoạch số 15/KH-SCT của Sở Công Thương về phát động phong trào thi đua thực hiện Quy chế dân chủ "
        "ở cơ sở năm 2024.",
    ]
    assert [str(m) for m in get_messages(response.wsgi_request)][:1] == [
        "Đã điền sẵn 5 dòng căn cứ theo chế độ “Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; "
        "Thông tư 01/2024/TT-BNV”, căn cứ thẩm quyền của cơ quan và chính kế hoạch; hãy kiểm tra và sửa nếu cần."
    ]


def test_the_add_page_says_the_bases_will_be_filled(client, office):
    client.force_login(office)
    assert "Phần căn cứ để trống sẽ được điền sẵn khi lưu" in client.get("/quan-tri/campaign/campaign/add/").content.decode()


def test_bases_typed_on_the_add_form_are_kept_as_typed(client, agency, office):
    client.force_login(office)
    data = _admin_add_data(agency, **{
        "legal_bases-TOTAL_FORMS": 1, "legal_bases-0-order": 1, "legal_bases-0-text": "Căn cứ văn bản riêng.",
    })
    client.post("/quan-tri/campaign/campaign/add/", data)
    assert _bases(Campaign.objects.get()) == ["Căn cứ văn bản riêng."]


def test_a_2023_plan_gets_the_2023_regime_and_its_dated_plan_line(agency):
    campaign = CampaignFactory(agency=agency, number="57/KH-SCT", plan_date=dt.date(2023, 5, 15))
    lines = initial_legal_bases(campaign)
    assert lines.regime.code == "2023"
    assert [line[:60] for line in lines.lines] == [
        COMPETENCE[:60],
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; ",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 c",
        "Căn cứ Thông tư số 12/2019/TT-BNV ngày 04 tháng 11 năm 2019 ",
        "Căn cứ Kế hoạch số 57/KH-SCT ngày 15 tháng 5 năm 2023 của Sở",
    ]
    assert [line[-1] for line in lines.lines] == [";", ";", ";", ";", "."]


def test_an_agency_without_its_competence_line_gets_the_regime_and_the_plan():
    campaign = CampaignFactory(launch_date=dt.date(2024, 3, 1), emulation_end=dt.date(2024, 10, 31),
                               submission_deadline=dt.date(2024, 11, 10), year=2024)
    assert initial_legal_bases(campaign).lines[:3] == REGIME_2024


# The warning ------------------------------------------------------------------------------------------------


def _plan_2024_citing_the_2003_law(agency):
    campaign = CampaignFactory(agency=agency, year=2024, launch_date=dt.date(2024, 5, 15),
                               emulation_end=dt.date(2024, 10, 31), submission_deadline=dt.date(2024, 11, 10))
    LegalBasis.objects.create(campaign=campaign, order=1, text=LAW_2003)
    LegalBasis.objects.create(campaign=campaign, order=2, text=REGIME_2024[1])
    return campaign


def test_the_change_page_warns_of_a_text_not_in_force_on_the_plans_date(client, agency, office):
    campaign = _plan_2024_citing_the_2003_law(agency)
    client.force_login(office)

    page = client.get(f"/quan-tri/campaign/campaign/{campaign.pk}/change/").content.decode()

    assert 'id="legal-warning"' in page
    assert stale_warning(campaign) == (
        "Kế hoạch (ngày phát động 15/05/2024) dẫn văn bản không còn hoặc chưa có hiệu lực vào ngày đó: "
        "Căn cứ “Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
        "Luật Thi đua, Khen …” dẫn 15/2003/QH11, văn bản hết hiệu lực từ sau ngày 31/12/2023 (thay thế bởi "
        "Luật Thi đua, khen thưởng số 06/2022/QH15); 39/2013/QH13, văn bản hết hiệu lực từ sau ngày 31/12/2023 "
        "(thay thế bởi Luật Thi đua, khen thưởng số 06/2022/QH15). Hãy sửa phần căn cứ của kế hoạch."
    )


def test_decree_98_cited_after_30_06_2025_is_warned():
    campaign = CampaignFactory(year=2025, launch_date=dt.date(2025, 7, 1), emulation_end=dt.date(2025, 10, 31),
                               submission_deadline=dt.date(2025, 11, 10))
    LegalBasis.objects.create(campaign=campaign, order=1, text=REGIME_2024[1])
    assert "98/2023/NĐ-CP, văn bản hết hiệu lực từ sau ngày 30/06/2025 (thay thế bởi Nghị định 152/2025/NĐ-CP)" in (
        stale_warning(campaign)
    )
    campaign.launch_date = dt.date(2025, 6, 30)
    assert stale_warning(campaign) is None


def test_a_plan_citing_the_texts_of_its_date_is_not_warned(client, agency, office):
    campaign = CampaignFactory(agency=agency)
    LegalBasis.objects.create(campaign=campaign, order=1, text=LAW_2003)
    client.force_login(office)
    assert 'id="legal-warning"' not in client.get(f"/quan-tri/campaign/campaign/{campaign.pk}/change/").content.decode()


def test_saving_a_plan_that_cites_a_stale_text_shows_the_warning_message(client, agency, office):
    client.force_login(office)
    data = _admin_add_data(agency, **{
        "legal_bases-TOTAL_FORMS": 1, "legal_bases-0-order": 1, "legal_bases-0-text": LAW_2003,
    })
    response = client.post("/quan-tri/campaign/campaign/add/", data, follow=True)
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert [tag for tag, _ in shown].count("warning") == 1
    assert "dẫn 15/2003/QH11" in next(text for tag, text in shown if tag == "warning")


# Next year's plan -----------------------------------------------------------------------------------------


@pytest.fixture
def source(agency):
    campaign = CampaignFactory(
        agency=agency, number="57/KH-SCT", title="Phát động phong trào thi đua năm 2023",
        preamble="Thực hiện Kế hoạch năm 2023 của Tỉnh.", purposes="Mục đích", requirements="Yêu cầu",
        organisation="Tổ chức", recipients="Sở Nội vụ;\nLưu: VT, VP(Cường, 02b).", signer_name="Nguyễn Hữu Dũng",
        collective_quota=3, individual_quota=7,
    )
    ContentItemFactory(campaign=campaign, number=1, text="Hội nghị quán triệt năm 2023")
    ContentItemFactory(campaign=campaign, number=2, text="Công khai tài chính")
    LegalBasis.objects.create(campaign=campaign, order=1, text=LAW_2003)
    DossierFactory(campaign=campaign)
    AcknowledgementFactory(campaign=campaign, staff__unit=UnitFactory(agency=agency))
    ProgressReportFactory(content_item=campaign.content_items.first())
    return campaign


NEW = {
    "number": "45/KH-SCT", "year": 2024, "plan_date": dt.date(2024, 5, 10), "launch_date": dt.date(2024, 5, 15),
    "emulation_end": dt.date(2024, 10, 31), "submission_deadline": dt.date(2024, 11, 10),
}


def test_copy_takes_items_requirements_quotas_and_texts_and_nothing_else(source, office):
    received = []
    plan_copied.connect(lambda sender, source, copy, **kw: received.append((sender, source.pk, copy.pk)),
                        weak=False, dispatch_uid="test-next-plan")
    try:
        copy = copy_plan(source=source, by=office, **NEW)
    finally:
        plan_copied.disconnect(dispatch_uid="test-next-plan")

    assert received == [(Campaign, source.pk, copy.pk)]
    assert (copy.agency, copy.number, copy.year, copy.plan_date, copy.launch_date, copy.emulation_end,
            copy.submission_deadline) == (source.agency, "45/KH-SCT", 2024, *list(NEW.values())[2:])
    assert (copy.collective_quota, copy.individual_quota) == (3, 7)
    assert (copy.title, copy.preamble, copy.purposes, copy.recipients, copy.signer_name) == (
        "Phát động phong trào thi đua năm 2024", "Thực hiện Kế hoạch năm 2023 của Tỉnh.", "Mục đích",
        "Sở Nội vụ;\nLưu: VT, VP(Cường, 02b).", "Nguyễn Hữu Dũng",
    )
    assert list(copy.content_items.values_list("number", "text")) == [
        (1, "Hội nghị quán triệt năm 2024"), (2, "Công khai tài chính"),
    ]
    assert sorted(copy.dossier_requirements.values_list("level", "report_kind")) == sorted(
        source.dossier_requirements.values_list("level", "report_kind")
    )
    assert _bases(copy) == [
        COMPETENCE + ";", *REGIME_2024,
        "Căn cứ Kế hoạch số 45/KH-SCT ngày 10 tháng 5 năm 2024 của Sở Công Thương về phát động phong trào thi đua "
        "năm 2024.",
    ]
    assert (copy.dossiers.count(), copy.acknowledgements.count(), copy.progress_reports.count()) == (0, 0, 0)
    assert copy.provincial_plan is None
    assert _bases(source) == [LAW_2003]  # the source is untouched
    assert copy.history.first().history_change_reason == "Tạo từ kế hoạch 57/KH-SCT năm 2023"


def test_a_receiver_that_fails_leaves_no_copy(source, office):
    def broken(**kwargs):
        raise DomainError("Không sao chép được tiêu chí.")

    plan_copied.connect(broken, weak=False, dispatch_uid="test-broken")
    try:
        with pytest.raises(DomainError):
            copy_plan(source=source, by=office, **NEW)
    finally:
        plan_copied.disconnect(dispatch_uid="test-broken")
    assert Campaign.objects.count() == 1
    assert (ContentItem.objects.count(), DossierRequirement.objects.count(), LegalBasis.objects.count()) == (2, 2, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "57/KH-SCT", "year": 2023}, "Cơ quan đã có kế hoạch số 57/KH-SCT trong năm 2023; hãy nhập số khác."),
        ({"emulation_end": dt.date(2024, 5, 1)}, "Thời hạn thi đua (01/05/2024) không được trước ngày phát động (15/05/2024)."),
        ({"submission_deadline": dt.date(2024, 10, 1)},
         "Hạn nộp hồ sơ (01/10/2024) không được trước ngày kết thúc thi đua (31/10/2024)."),
        ({"launch_date": dt.date(2017, 1, 2), "year": 2017},
         "Chưa có chế độ thi đua, khen thưởng nào áp dụng cho ngày 02/01/2017; quản trị hệ thống cần nhập văn bản "
         "pháp lý của giai đoạn này."),
        ({"number": "   "}, "Hãy nhập số của kế hoạch mới."),
    ],
)
def test_a_wrong_number_or_date_is_refused_and_nothing_is_written(source, office, changes, message):
    with pytest.raises(DomainError) as refused:
        copy_plan(source=source, by=office, **{**NEW, **changes})
    assert refused.value.message == message
    assert Campaign.objects.count() == 1


def test_only_the_office_copies_a_plan(source, agency):
    for user in (director_user(agency=agency), staff_user(UnitFactory(agency=agency))):
        with pytest.raises(NotAllowed):
            copy_plan(source=source, by=user, **NEW)
    assert Campaign.objects.count() == 1


# The admin pages ------------------------------------------------------------------------------------------


def test_the_object_tool_and_the_form_page(client, source, office):
    client.force_login(office)
    change = client.get(f"/quan-tri/campaign/campaign/{source.pk}/change/").content.decode()
    assert f'href="/quan-tri/campaign/campaign/{source.pk}/ke-hoach-moi/"' in change
    assert "Tạo kế hoạch mới từ kế hoạch này" in change

    page = client.get(f"/quan-tri/campaign/campaign/{source.pk}/ke-hoach-moi/")
    assert page.status_code == 200
    assert page.context["form"].initial == {
        "year": 2024, "launch_date": dt.date(2024, 5, 15), "emulation_end": dt.date(2024, 10, 31),
        "submission_deadline": dt.date(2024, 11, 10),
    }


def test_the_form_page_creates_the_plan_and_opens_it(client, source, office):
    client.force_login(office)
    response = client.post(f"/quan-tri/campaign/campaign/{source.pk}/ke-hoach-moi/", {
        "number": "45/KH-SCT", "year": "2024", "plan_date": "10/05/2024", "launch_date": "15/05/2024",
        "emulation_end": "31/10/2024", "submission_deadline": "10/11/2024",
    })
    copy = Campaign.objects.get(number="45/KH-SCT")
    assert response.status_code == 302
    assert response["Location"] == f"/quan-tri/campaign/campaign/{copy.pk}/change/"


def test_the_form_page_answers_bad_input_in_vietnamese_and_keeps_it(client, source, office):
    client.force_login(office)
    response = client.post(f"/quan-tri/campaign/campaign/{source.pk}/ke-hoach-moi/", {
        "number": "57/KH-SCT", "year": "2023", "plan_date": "31/02/2024", "launch_date": "15/05/2023",
        "emulation_end": "01/05/2023", "submission_deadline": "hôm qua",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "number": ["Cơ quan đã có kế hoạch số 57/KH-SCT trong năm 2023; hãy nhập số khác."],
        "plan_date": ["Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."],
        "emulation_end": ["Thời hạn thi đua (01/05/2023) không được trước ngày phát động (15/05/2023)."],
        "submission_deadline": ["Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy."],
    }
    assert 'value="57/KH-SCT"' in page and 'value="hôm qua"' in page
    response = client.post(f"/quan-tri/campaign/campaign/{source.pk}/ke-hoach-moi/", {
        "number": "57/KH-SCT", "year": "2023", "launch_date": "15/05/2023",
        "emulation_end": "01/05/2023", "submission_deadline": "10/11/2023",
    })
    assert response.context["form"].errors == {
        "number": ["Cơ quan đã có kế hoạch số 57/KH-SCT trong năm 2023; hãy nhập số khác."],
        "emulation_end": ["Thời hạn thi đua (01/05/2023) không được trước ngày phát động (15/05/2023)."],
    }
    assert Campaign.objects.count() == 1


def test_who_reaches_the_form_page(client, source, agency):
    url = f"/quan-tri/campaign/campaign/{source.pk}/ke-hoach-moi/"
    other_office = office_user(username="syt", agency=AgencyFactory(code="SYT", name="Sở Y tế"))
    expected = [
        (None, 302),
        (staff_user(UnitFactory(agency=agency)), 302),
        (director_user(agency=agency), 403),
        (other_office, 404),
    ]
    for user, status in expected:
        client.logout()
        if user is not None:
            client.force_login(user)
        assert (client.get(url).status_code, client.post(url, {}).status_code) == (status, status)
    client.force_login(other_office)
    assert client.get("/quan-tri/campaign/campaign/987654/ke-hoach-moi/").status_code == 404
    assert client.get("/quan-tri/campaign/campaign/abc/ke-hoach-moi/").status_code == 404
    assert Campaign.objects.count() == 1


def test_the_director_sees_no_copy_button(client, source, agency):
    client.force_login(director_user(agency=agency))
    assert "ke-hoach-moi" not in client.get(f"/quan-tri/campaign/campaign/{source.pk}/change/").content.decode()


def test_the_change_page_queries_do_not_grow_with_the_bases(client, source, office, django_assert_max_num_queries):
    client.force_login(office)
    url = f"/quan-tri/campaign/campaign/{source.pk}/change/"
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    LegalBasis.objects.bulk_create(LegalBasis(campaign=source, order=n, text=LAW_2003) for n in range(2, 30))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_no_regime_yet_still_creates_the_plan_with_its_own_line(client, agency, office):
    LegalRegime.objects.all().delete()
    campaign = CampaignFactory(agency=agency, number="9/KH-SCT")
    lines = initial_legal_bases(campaign)
    assert lines.regime is None and len(lines.lines) == 2
    assert Dossier.objects.count() == 0


# The plan's page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "amounts"),
    [(2023, "cá nhân 540.000 đ, tập thể 1.080.000 đ"), (2024, "cá nhân 710.000 đ, tập thể 1.410.000 đ")],
)
def test_the_plan_page_announces_the_cash_of_the_law_after_its_deadline(client, agency, year, amounts):
    campaign = CampaignFactory(agency=agency, year=year, launch_date=dt.date(year, 5, 15),
                               emulation_end=dt.date(year, 10, 31), submission_deadline=dt.date(year, 11, 10))
    LegalBasis.objects.bulk_create(LegalBasis(campaign=campaign, order=n, text=text) for n, text in enumerate(
        [REGIME_2024[0], f"Căn cứ Kế hoạch số {campaign.number} của Sở Công Thương về kế hoạch."], start=1))
    page = client.get(f"/ke-hoach/{campaign.pk}/").content.decode()
    assert f"mức tiền thưởng kèm Giấy khen theo mức lương cơ sở tại ngày ký quyết định: {amounts}" in page
    assert REGIME_2024[0] in page and f"Căn cứ Kế hoạch số {campaign.number}" not in page
