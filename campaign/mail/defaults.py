"""The mail texts the portal ships with (the deployment's defaults). Each is a Django template: the
office edits its agency's copy in the admin ("Mẫu thư"); the variables each text may use are listed
here with a sample value, used for the preview and to check an edited template before it is saved."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class MailKind:
    key: str
    label: str
    subject: str
    body: str
    # name -> (what it is, a sample value for the preview)
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)


_DOSSIER = {
    "don_vi": ("tên đơn vị", "Phòng Quản lý Công nghiệp"),
    "cap_khen": ("cấp khen thưởng", "Giấy khen của Giám đốc Sở"),
    "phong_trao": ("tên phong trào thi đua", "Phong trào thi đua thực hiện Quy chế dân chủ ở cơ sở năm 2023"),
    "duong_dan": ("đường dẫn tới hồ sơ", "http://127.0.0.1:8000/ho-so/12/"),
}

KINDS: dict[str, MailKind] = {
    kind.key: kind
    for kind in (
        MailKind(
            key="dossier_submitted",
            label="Đơn vị nộp hồ sơ (gửi Văn phòng Sở)",
            subject="[Thi đua] {{ don_vi }} nộp hồ sơ đề nghị khen thưởng",
            body=(
                "{{ don_vi }} đã {{ hanh_dong }} đề nghị khen thưởng ({{ cap_khen }}) cho phong trào “{{ phong_trao }}” "
                "lúc {{ thoi_diem }}.\n"
                "Người nộp: {{ nguoi_nop }}.\n"
                "Xem hồ sơ trên trang quản trị: {{ duong_dan }}\n"
            ),
            variables={
                **_DOSSIER,
                "hanh_dong": ("việc đã làm (nộp hồ sơ, nộp lại hồ sơ)", "nộp hồ sơ"),
                "thoi_diem": ("giờ và ngày nộp", "09:00 ngày 02/11/2023"),
                "nguoi_nop": ("họ tên người nộp", "Trần Văn Khoa"),
                "duong_dan": ("đường dẫn tới hồ sơ trên trang quản trị", "http://127.0.0.1:8000/quan-tri/dossiers/dossier/12/change/"),
            },
        ),
        MailKind(
            key="dossier_state_changed",
            label="Hồ sơ chuyển trạng thái (gửi đơn vị)",
            subject="[Thi đua] Hồ sơ của {{ don_vi }}: {{ trang_thai }}",
            body=(
                "Hồ sơ đề nghị khen thưởng ({{ cap_khen }}) của {{ don_vi }} cho phong trào “{{ phong_trao }}” "
                "chuyển sang trạng thái: {{ trang_thai }}.\n"
                "{% if ghi_chu %}Ghi chú: {{ ghi_chu }}\n{% endif %}"
                "{% if han_bo_sung %}Hạn bổ sung: hết ngày {{ han_bo_sung }}.\n{% endif %}"
                "Xem hồ sơ: {{ duong_dan }}\n"
            ),
            variables={
                **_DOSSIER,
                "trang_thai": ("trạng thái mới", "Trả lại để bổ sung"),
                "ghi_chu": ("ghi chú của Văn phòng (có thể trống)", "Bổ sung biên bản họp xét có chữ ký."),
                "han_bo_sung": ("hạn bổ sung dd/mm/yyyy (có thể trống)", "15/11/2023"),
            },
        ),
        MailKind(
            key="reminder_cutoff_drafts",
            label="Nhắc hạn nộp hồ sơ (gửi đơn vị còn hồ sơ chưa nộp)",
            subject="[Thi đua] Còn {{ so_ngay }} ngày đến hạn nộp hồ sơ: {{ don_vi }}",
            body=(
                "Hồ sơ đề nghị khen thưởng ({{ cap_khen }}) của {{ don_vi }} cho phong trào “{{ phong_trao }}” "
                "chưa được nộp.\n"
                "Hạn nộp: hết ngày {{ han_nop }} (còn {{ so_ngay }} ngày).\n"
                "Hoàn thiện và nộp hồ sơ tại: {{ duong_dan }}\n"
            ),
            variables={
                **_DOSSIER,
                "han_nop": ("hạn nộp hồ sơ dd/mm/yyyy", "10/11/2023"),
                "so_ngay": ("số ngày còn lại", "3"),
            },
        ),
        MailKind(
            key="reminder_supplement_due",
            label="Nhắc hạn bổ sung hồ sơ (gửi đơn vị)",
            subject="[Thi đua] Còn {{ so_ngay }} ngày đến hạn bổ sung hồ sơ: {{ don_vi }}",
            body=(
                "Văn phòng Sở đã đề nghị {{ don_vi }} bổ sung hồ sơ đề nghị khen thưởng ({{ cap_khen }}) "
                "cho phong trào “{{ phong_trao }}”.\n"
                "{% if noi_dung %}Nội dung cần bổ sung: {{ noi_dung }}\n{% endif %}"
                "Hạn bổ sung: hết ngày {{ han_bo_sung }} (còn {{ so_ngay }} ngày).\n"
                "Bổ sung và nộp lại tại: {{ duong_dan }}\n"
            ),
            variables={
                **_DOSSIER,
                "noi_dung": ("nội dung Văn phòng đề nghị bổ sung", "Bổ sung biên bản họp xét có chữ ký."),
                "han_bo_sung": ("hạn bổ sung dd/mm/yyyy", "15/11/2023"),
                "so_ngay": ("số ngày còn lại", "2"),
            },
        ),
        MailKind(
            key="reminder_unanswered_comments",
            label="Nhắc trả lời ý kiến về danh sách công khai (gửi Văn phòng Sở)",
            subject="[Thi đua] {{ so_y_kien }} ý kiến về danh sách công khai chưa được trả lời",
            body=(
                "Danh sách đề nghị khen thưởng ({{ cap_khen }}) của phong trào “{{ phong_trao }}” "
                "công khai đến hết ngày {{ han_cong_khai }} còn {{ so_y_kien }} ý kiến chưa được trả lời.\n"
                "Quyết định khen thưởng chỉ ký được khi mọi ý kiến đã được trả lời.\n"
                "Trả lời ý kiến tại: {{ duong_dan }}\n"
            ),
            variables={
                "cap_khen": _DOSSIER["cap_khen"],
                "phong_trao": _DOSSIER["phong_trao"],
                "so_y_kien": ("số ý kiến chưa trả lời", "2"),
                "han_cong_khai": ("ngày cuối công khai dd/mm/yyyy", "17/11/2023"),
                "duong_dan": ("đường dẫn tới danh sách công khai", "http://127.0.0.1:8000/cong-khai/3/"),
            },
        ),
    )
}

KEY_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]


def sample_context(key: str) -> dict[str, str]:
    return {name: sample for name, (_, sample) in KINDS[key].variables.items()}
