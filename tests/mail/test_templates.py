"""Checking a mail template before it is saved: a Vietnamese message naming what is wrong, at its field."""

import pytest

from campaign.mail.defaults import KINDS
from campaign.mail.services import TemplateInvalid, check_template, render


@pytest.mark.parametrize(
    ("subject", "body", "field", "message"),
    [
        ("Hồ sơ", "{% if ghi_chu %}{{ ghi_chu }}", "body",
         "Nội dung có lỗi cú pháp mẫu: thẻ {% if %} ở dòng 1 chưa được đóng (thiếu {% endif %}). "
         "Biến viết dạng {{ ten_bien }}."),
        ("Hồ sơ {{ don_vị }}", "x", "subject",
         "Tiêu đề dùng biến không có trong danh sách biến dùng được: {{ don_vị }}."),
        ("Hồ sơ", "{{ trang_thai|in_hoa }}", "body",
         "Nội dung có lỗi cú pháp mẫu: bộ lọc “in_hoa” không tồn tại. Biến viết dạng {{ ten_bien }}."),
        ("{% if ghi_chu %}{% endif %}", "x", "subject", "Tiêu đề thư không được để trống sau khi điền dữ liệu."),
    ],
)
def test_a_broken_template_is_refused_with_a_vietnamese_message_at_its_field(subject, body, field, message):
    with pytest.raises(TemplateInvalid) as refused:
        check_template("dossier_state_changed", subject, body)
    assert (refused.value.field, refused.value.message) == (field, message)


@pytest.mark.parametrize("key", sorted(KINDS))
def test_every_default_template_renders_with_its_sample_values(key):
    subject, body = check_template(key, KINDS[key].subject, KINDS[key].body)
    assert "{{" not in subject + body
    assert subject == " ".join(subject.split())


def test_text_is_not_html_escaped():
    assert render("{{ x }}", "{{ x }}", {"x": "Phòng “A” & <B>"}) == ("Phòng “A” & <B>", "Phòng “A” & <B>")
