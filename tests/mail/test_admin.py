"""The office's outbox and mail templates in the admin: scoped by agency, read-only for the board,
templates checked before they are saved, the list's queries bounded."""

import pytest
from django.core import mail

from campaign.mail.models import MailStatus, MailTemplate, OutgoingMail
from campaign.mail.services import queue_mail
from tests.factories import DossierFactory
from tests.helpers import run_tasks

OUTBOX = "/quan-tri/mail/outgoingmail/"
TEMPLATES = "/quan-tri/mail/mailtemplate/"
CONTEXT = {"don_vi": "Phòng Quản lý Công nghiệp", "cap_khen": "Giấy khen", "phong_trao": "Phong trào 2023",
           "trang_thai": "Đã tiếp nhận", "duong_dan": "http://127.0.0.1:8000/ho-so/1/"}


def _mail(agency, about=None, subject_unit="Phòng Quản lý Công nghiệp"):
    return queue_mail(agency, "dossier_state_changed", ["donvi@sct.dongthap.gov.vn"],
                      {**CONTEXT, "don_vi": subject_unit}, about=about)


def _template(client, agency, key="dossier_state_changed"):
    client.get(TEMPLATES)  # the office's copies are made when it opens the list
    return MailTemplate.objects.get(agency=agency, key=key)


def test_the_office_sees_its_outbox_with_status_recipients_and_subject(client, agency, campaign, office):
    dossier = DossierFactory(campaign=campaign)
    sent = _mail(agency, about=dossier)
    OutgoingMail.objects.filter(pk=sent.pk).update(status=MailStatus.FAILED, last_error="SMTPServerDisconnected")
    client.force_login(office)
    page = client.get(OUTBOX).content.decode()
    assert "Hộp thư đi" in page
    assert "Gửi không được" in page
    assert "donvi@sct.dongthap.gov.vn" in page
    assert "[Thi đua] Hồ sơ của Phòng Quản lý Công nghiệp: Đã tiếp nhận" in page
    assert f'/quan-tri/dossiers/dossier/{dossier.pk}/change/' in page
    assert "Gửi lại thư gửi không được" in page
    detail = client.get(f"{OUTBOX}{sent.pk}/change/").content.decode()
    assert "SMTPServerDisconnected" in detail


def test_the_office_resends_a_failed_mail_from_the_list(client, agency, office, django_capture_on_commit_callbacks):
    failed = _mail(agency)
    OutgoingMail.objects.filter(pk=failed.pk).update(status=MailStatus.FAILED, attempts=5)
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(OUTBOX, {"action": "resend_action", "_selected_action": [failed.pk]}, follow=True)
    assert "Đã xếp 1 thư vào hàng đợi để gửi lại." in response.content.decode()
    run_tasks()
    failed.refresh_from_db()
    assert (failed.status, len(mail.outbox)) == (MailStatus.SENT, 1)


def test_the_board_reads_the_outbox_but_cannot_resend_or_edit_templates(client, agency, inspector):
    failed = _mail(agency)
    OutgoingMail.objects.filter(pk=failed.pk).update(status=MailStatus.FAILED)
    client.force_login(inspector)
    page = client.get(OUTBOX)
    assert page.status_code == 200
    assert "Gửi lại thư gửi không được" not in page.content.decode()
    client.post(OUTBOX, {"action": "resend_action", "_selected_action": [failed.pk]})
    assert OutgoingMail.objects.get(pk=failed.pk).status == MailStatus.FAILED
    assert client.get(TEMPLATES).status_code == 403


def test_another_agency_sees_neither_the_outbox_nor_the_templates(client, agency, office, other_office):
    sent = _mail(agency)
    client.force_login(office)
    template = _template(client, agency)
    client.force_login(other_office)
    assert "Hồ sơ của Phòng Quản lý Công nghiệp" not in client.get(OUTBOX).content.decode()
    # As for another agency's dossier: the admin answers "does not exist" (back to its index).
    for url in (f"{OUTBOX}{sent.pk}/change/", f"{TEMPLATES}{template.pk}/change/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/quan-tri/")
    response = client.post(f"{TEMPLATES}{template.pk}/change/", {"subject": "Của tôi", "body": "x"})
    assert (response.status_code, response["Location"]) == (302, "/quan-tri/")
    template.refresh_from_db()
    assert template.customised is False


def test_an_edited_template_is_used_for_its_agency_only(client, agency, other_agency, office):
    client.force_login(office)
    template = _template(client, agency)
    response = client.post(f"{TEMPLATES}{template.pk}/change/", {
        "subject": "[Sở Công Thương] {{ don_vi }} – {{ trang_thai }}",
        "body": "Kính gửi {{ don_vi }},\nhồ sơ: {{ trang_thai }}.\n",
    })
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.customised, template.updated_by) == (True, office)
    assert _mail(agency).subject == "[Sở Công Thương] Phòng Quản lý Công nghiệp – Đã tiếp nhận"
    assert _mail(other_agency).subject == "[Thi đua] Hồ sơ của Phòng Quản lý Công nghiệp: Đã tiếp nhận"


def test_a_template_that_does_not_render_is_refused_at_its_field_and_not_saved(client, agency, office):
    client.force_login(office)
    template = _template(client, agency)
    response = client.post(f"{TEMPLATES}{template.pk}/change/", {
        "subject": "Hồ sơ {{ don_vi }}", "body": "Trạng thái {% if trang_thai %}{{ trang_thai }}",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nội dung có lỗi cú pháp mẫu: thẻ {% if %} ở dòng 1 chưa được đóng (thiếu {% endif %})." in page
    assert "Trạng thái {% if trang_thai %}{{ trang_thai }}" in page  # what was typed is kept
    template.refresh_from_db()
    assert (template.customised, template.subject) == (False, "[Thi đua] Hồ sơ của {{ don_vi }}: {{ trang_thai }}")


def test_the_template_page_shows_the_variables_and_a_preview(client, agency, office):
    client.force_login(office)
    template = _template(client, agency)
    page = client.get(f"{TEMPLATES}{template.pk}/change/").content.decode()
    assert "{{ trang_thai }}" in page
    assert "[Thi đua] Hồ sơ của Phòng Quản lý Công nghiệp: Trả lại để bổ sung" in page  # the preview


def test_restoring_the_default_undoes_the_office_edit(client, agency, office):
    client.force_login(office)
    template = _template(client, agency)
    MailTemplate.objects.filter(pk=template.pk).update(subject="Sửa", customised=True)
    client.post(TEMPLATES, {"action": "restore_default_action", "_selected_action": [template.pk]})
    template.refresh_from_db()
    assert (template.subject, template.customised) == ("[Thi đua] Hồ sơ của {{ don_vi }}: {{ trang_thai }}", False)


@pytest.mark.parametrize("rows", [3, 40])
def test_the_outbox_list_takes_the_same_queries_however_many_mails(
    client, agency, campaign, office, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        _mail(agency, about=DossierFactory(campaign=campaign))
    client.force_login(office)
    client.get(OUTBOX)  # warm the content-type cache
    with django_assert_max_num_queries(12):
        assert client.get(OUTBOX).status_code == 200
