"""The office's screens (issue 15, item 4): a dossier's files readable, people by name, distinct review
buttons shown only when they can succeed, refusals that link where they point, create forms offering only
what can be chosen, errors summarised at the top, links a role cannot follow not shown."""

import datetime as dt
import re

import pytest

from dossiers import services
from dossiers.models import Dossier, DossierFile, DossierState
from tests.factories import CampaignFactory, allocate, director_user, inspector_user, office_user, staff_user

pytestmark = pytest.mark.django_db

CHANGE = "/quan-tri/dossiers/dossier/{}/change/"


@pytest.fixture
def office(campaign):
    user = office_user(username="vanphong", agency=campaign.agency)
    user.last_name, user.first_name = "Phạm", "Thị Văn Phòng"
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


@pytest.fixture
def submitted(complete_draft, clerk):
    return services.submit_dossier(dossier=complete_draft, by=clerk)


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# The dossier's page ------------------------------------------------------------------------------------


def test_change_page_shows_file_names_sizes_and_short_hashes_with_the_full_hash_on_hover(
    office_client, submitted, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        html = _html(office_client.get(CHANGE.format(submitted.pk)))
    for stored in DossierFile.objects.filter(dossier=submitted):
        assert f'<code title="SHA-256: {stored.sha256}">{stored.sha256[:12]}…</code>' in html
        assert f">{stored.original_name}</a>" in html
    assert re.search(r"<td class=\"field-size_display\">\s*<p>\d+ (byte|KB)</p>", html)
    assert "mã băm SHA-256" in html.lower() or "Mã băm SHA-256" in html


def test_change_page_names_people_not_usernames(office_client, submitted, office):
    services.accept_dossier(dossier=submitted, by=office)
    html = _html(office_client.get(CHANGE.format(submitted.pk)))
    # The clerk (staff record) who created, uploaded and submitted; the office person who accepted.
    assert html.count("Trần Thị Thu") >= 4  # creator, three files, the timeline
    assert "Phạm Thị Văn Phòng" in html
    assert "vanthu.cn" not in html
    assert ">vanphong<" not in html


def test_the_query_count_of_the_change_page_does_not_grow_with_files_and_entries(
    office_client, submitted, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        office_client.get(CHANGE.format(submitted.pk))
    baseline = len(few.captured_queries)
    # More files, each by another person (names are read with the files, not one query each).
    for index in range(3):
        uploader = staff_user(submitted.unit, full_name=f"Người tải lên {index}")
        DossierFile.objects.create(
            dossier=submitted, kind="proposal_letter", version=10 + index, file="x.pdf",
            original_name=f"cv-{index}.pdf", content_type="application/pdf", size=2048, sha256="a" * 64,
            uploaded_by=uploader,
        )
    with django_assert_max_num_queries(baseline):
        office_client.get(CHANGE.format(submitted.pk))


def test_review_buttons_are_distinct_and_shown_only_when_the_step_can_succeed(office_client, submitted, office):
    html = _html(office_client.get(CHANGE.format(submitted.pk)))
    base = f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/"
    assert f'<a href="{base}accept/" class="workflow-step step-accept">Tiếp nhận</a>' in html
    assert f'<a href="{base}request_supplement/" class="workflow-step step-supplement">Gửi yêu cầu bổ sung</a>' in html
    assert f'<a href="{base}reject/" class="workflow-step step-reject">Không tiếp nhận</a>' in html
    services.accept_dossier(dossier=submitted, by=office)
    html = _html(office_client.get(CHANGE.format(submitted.pk)))
    assert "workflow-step" not in html  # an accepted dossier has no review step left


def test_the_director_and_the_board_see_no_review_button(client, submitted, campaign):
    for user in (director_user(username="giamdoc", agency=campaign.agency),
                 inspector_user(username="thanhtra", agency=campaign.agency)):
        client.force_login(user)
        html = _html(client.get(CHANGE.format(submitted.pk)))
        assert "workflow-step" not in html


def test_reject_asks_for_confirmation_and_warns_what_becomes_final(office_client, submitted):
    html = _html(office_client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/reject/"))
    assert 'id="step-warning"' in html and "Việc này không hoàn tác được" in html
    assert '<form method="post" data-confirm="Không tiếp nhận hồ sơ đã chọn?' in html
    assert 'class="default step-reject" value="Không tiếp nhận"' in html
    assert "js/portal.js" in html  # the script that asks (no inline script: CSP)
    accept = _html(office_client.get(f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/accept/"))
    assert "data-confirm" not in accept and "step-warning" not in accept


def test_a_step_page_lists_its_errors_at_the_top(office_client, submitted):
    response = office_client.post(
        f"/quan-tri/dossiers/dossier/{submitted.pk}/xu-ly/request_supplement/",
        {"action": "request_supplement", "_selected_action": [submitted.pk], "apply": "1", "note": "", "due_date": "x"},
    )
    html = _html(response)
    summary = html[html.index('id="error-summary"'):html.index("</div>", html.index('id="error-summary"'))]
    assert "Vui lòng sửa các lỗi dưới đây." in summary
    assert '<a href="#id_note">Nội dung cần bổ sung</a>: Hãy ghi rõ nội dung cần bổ sung.' in summary
    assert '<a href="#id_due_date">Hạn bổ sung (dd/mm/yyyy)</a>: Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy.' in summary
    submitted.refresh_from_db()
    assert submitted.state == DossierState.SUBMITTED


def test_a_refusal_in_a_bulk_step_links_to_the_dossier(office_client, campaign, other_unit):
    draft = services.create_dossier(campaign=campaign, unit=other_unit, level="grassroots", by=staff_user(other_unit))
    response = office_client.post(
        "/quan-tri/dossiers/dossier/",
        {"action": "accept", "_selected_action": [draft.pk], "apply": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert (
        f'<a href="/quan-tri/dossiers/dossier/{draft.pk}/change/">Phòng Quản lý Thương mại</a>: '
        "Không thể tiếp nhận hồ sơ: hồ sơ đang ở trạng thái “Nháp”." in html
    )


# The portal's create form ----------------------------------------------------------------------------


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def _options(html: str, name: str) -> list[str]:
    if name == "campaign":
        select = html[html.index('name="campaign"'):html.index("</select>", html.index('name="campaign"'))]
        return re.findall(r'<option value="(\d+)"', select)
    return re.findall(rf'name="{name}" value="(\w+)"', html)


def test_create_form_offers_only_plans_open_for_submission(clerk_client, campaign):
    closed = CampaignFactory(agency=campaign.agency, number="01/KH-SCT-CU", submission_deadline=dt.date(2023, 10, 31))
    html = _html(clerk_client.get("/ho-so/tao-moi/"))
    assert _options(html, "campaign") == [str(campaign.pk)]
    response = clerk_client.post("/ho-so/tao-moi/", {"campaign": closed.pk, "level": "grassroots"})
    html = _html(response)
    assert "Phong trào này không còn nhận hồ sơ (đã hết hạn nộp)" in html
    assert Dossier.objects.count() == 0


def test_create_form_offers_the_provincial_level_only_with_places(clerk_client, campaign):
    html = _html(clerk_client.get("/ho-so/tao-moi/"))
    assert _options(html, "level") == ["grassroots"]
    refused = _html(clerk_client.post("/ho-so/tao-moi/", {"campaign": campaign.pk, "level": "provincial"}))
    assert "Cấp khen thưởng này không còn chỉ tiêu; hãy chọn cấp khác." in refused
    assert Dossier.objects.count() == 0
    allocate(campaign, collectives=1, individuals=2)
    html = _html(clerk_client.get("/ho-so/tao-moi/"))
    assert _options(html, "level") == ["grassroots", "provincial"]


def test_create_form_names_a_plan_without_provincial_places_when_another_has_them(clerk_client, campaign):
    other = CampaignFactory(agency=campaign.agency, number="09/KH-SCT", submission_deadline=dt.date(2023, 12, 1))
    allocate(other, collectives=1)
    response = clerk_client.post("/ho-so/tao-moi/", {"campaign": campaign.pk, "level": "provincial"})
    html = _html(response)
    assert "Ban Chỉ đạo Tỉnh chưa phân bổ chỉ tiêu khen thưởng cấp tỉnh cho cơ quan theo phong trào này" in html
    # Summarised at the top of the form, naming the field.
    assert '<a href="#id_level" class="alert-link">Cấp khen thưởng</a>: Ban Chỉ đạo Tỉnh chưa phân bổ' in html
    assert Dossier.objects.count() == 0


def test_an_existing_dossier_is_named_with_a_link_to_it(clerk_client, campaign, draft):
    html = _html(clerk_client.post("/ho-so/tao-moi/", {"campaign": campaign.pk, "level": "grassroots"}))
    assert f'<a href="/ho-so/{draft.pk}/">Hãy mở hồ sơ đó</a> để tiếp tục.' in html
    assert Dossier.objects.count() == 1


def test_no_plan_open_says_so(clerk_client, campaign):
    campaign.submission_deadline = dt.date(2023, 10, 31)
    campaign.save()
    html = _html(clerk_client.get("/ho-so/tao-moi/"))
    assert "Hiện không có phong trào nào còn nhận hồ sơ đề nghị khen thưởng." in html
