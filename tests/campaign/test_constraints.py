import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from campaign.models import Campaign, ContentItem
from tests.factories import AgencyFactory, CampaignFactory, office_user

pytestmark = pytest.mark.django_db


def _campaign_form_data(agency, **overrides):
    data = {
        "agency": agency.pk,
        "number": "15/KH-SCT",
        "title": "Kế hoạch thử",
        "year": 2023,
        "preamble": "",
        "launch_date": "15/05/2023",
        "emulation_end": "31/10/2023",
        "submission_deadline": "10/11/2023",
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


@pytest.fixture
def office_client(client):
    client.force_login(office_user())
    return client


def test_admin_refuses_dates_out_of_order_in_vietnamese(office_client):
    agency = AgencyFactory()
    response = office_client.post(
        "/quan-tri/campaign/campaign/add/", _campaign_form_data(agency, emulation_end="20/11/2023")
    )
    assert response.status_code == 200
    assert "Ngày kết thúc thời gian thi đua không được sau hạn nộp hồ sơ." in response.content.decode()
    assert Campaign.objects.count() == 0


def test_admin_refuses_a_negative_quota(office_client):
    agency = AgencyFactory()
    response = office_client.post("/quan-tri/campaign/campaign/add/", _campaign_form_data(agency, collective_quota=-1))
    assert response.status_code == 200
    assert "Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ." in response.content.decode()
    assert Campaign.objects.count() == 0


def test_admin_refuses_a_duplicate_item_number(office_client):
    agency = AgencyFactory()
    data = _campaign_form_data(
        agency,
        **{
            "content_items-TOTAL_FORMS": 2,
            "content_items-0-number": 1,
            "content_items-0-text": "Một",
            "content_items-1-number": 1,
            "content_items-1-text": "Hai",
        },
    )
    response = office_client.post("/quan-tri/campaign/campaign/add/", data)
    assert response.status_code == 200
    assert "Hai nội dung trùng số thứ tự; mỗi nội dung của kế hoạch phải có một số riêng." in (
        response.content.decode()
    )
    assert Campaign.objects.count() == 0


def test_admin_saves_a_valid_campaign(office_client):
    agency = AgencyFactory()
    response = office_client.post("/quan-tri/campaign/campaign/add/", _campaign_form_data(agency))
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.launch_date, campaign.submission_deadline) == (dt.date(2023, 5, 15), dt.date(2023, 11, 10))


def test_database_refuses_dates_out_of_order():
    campaign = CampaignFactory()
    campaign.launch_date = dt.date(2023, 12, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        campaign.save()


def test_database_refuses_emulation_end_after_the_deadline():
    campaign = CampaignFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(emulation_end=dt.date(2023, 11, 30))


def test_database_refuses_a_negative_quota():
    campaign = CampaignFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(individual_quota=-1)


def test_database_refuses_a_duplicate_item_number():
    campaign = CampaignFactory()
    ContentItem.objects.create(campaign=campaign, number=1, text="Một")
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentItem.objects.create(campaign=campaign, number=1, text="Hai")


def test_changing_a_deadline_asks_for_a_reason_and_keeps_it_in_the_history(office_client):
    campaign = CampaignFactory()
    url = f"/quan-tri/campaign/campaign/{campaign.pk}/change/"
    data = _campaign_form_data(campaign.agency, number=campaign.number, submission_deadline="15/11/2023")
    response = office_client.post(url, data)
    assert response.status_code == 200
    assert "Hãy ghi lý do khi thay đổi: hạn nộp hồ sơ." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.submission_deadline == dt.date(2023, 11, 10)

    response = office_client.post(url, {**data, "change_reason": "Gia hạn theo Công văn 12/VP"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    latest = campaign.history.first()
    assert (latest.submission_deadline, latest.history_change_reason) == (
        dt.date(2023, 11, 15),
        "Gia hạn theo Công văn 12/VP",
    )
    assert latest.history_user == response.wsgi_request.user


def test_editing_a_text_needs_no_reason(office_client):
    campaign = CampaignFactory()
    data = _campaign_form_data(campaign.agency, number=campaign.number, title="Tên mới")
    assert office_client.post(f"/quan-tri/campaign/campaign/{campaign.pk}/change/", data).status_code == 302


def test_names_are_stored_in_nfc_whatever_the_input():
    import unicodedata

    from tests.factories import StaffMemberFactory

    typed = unicodedata.normalize("NFD", "Nguyễn Thị Ngọc Hân")
    member = StaffMemberFactory(full_name=typed, position=unicodedata.normalize("NFD", "Phó Trưởng phòng"))
    member.refresh_from_db()
    assert member.full_name == "Nguyễn Thị Ngọc Hân" and len(member.full_name) == 19
    assert member.position == unicodedata.normalize("NFC", "Phó Trưởng phòng")
    assert member.unit.name == unicodedata.normalize("NFC", member.unit.name)
