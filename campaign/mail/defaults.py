"""The mail texts the portal ships with (the deployment's defaults). Each is a Django template: the
office edits its agency's copy in the admin ("Mẫu thư"); the variables each text may use are listed
here with a sample value, used for the preview and to check an edited template before it is saved."""

from dataclasses import dataclass, field

from campaign.models import AwardLevel


@dataclass(frozen=True)
class MailKind:
    key: str
    label: str
    subject: str
    body: str
    # name -> (what it is, a sample value for the preview)
    variables: dict[str, tuple[str, str]] = field(default_factory=dict)


# The award level as a mail says it, inside a sentence or after “cấp khen thưởng:” (the level's own label,
# “Cấp cơ sở (Giấy khen của Giám đốc Sở)”, would nest parentheses in “đề nghị khen thưởng (…)”).
LEVEL_IN_MAIL = {
    AwardLevel.GRASSROOTS: "Giấy khen của Giám đốc Sở",
    AwardLevel.PROVINCIAL: "cấp tỉnh, trình Ban Chỉ đạo Tỉnh",
}


def level_in_mail(level: str) -> str:
    return LEVEL_IN_MAIL.get(level, level)


_DOSSIER = {
    "don_vi": ("tên đơn vị", "Phòng Quản lý Công nghiệp"),
    "cap_khen": ("cấp khen thưởng (“Giấy khen của Giám đốc Sở” hoặc “cấp tỉnh, trình Ban Chỉ đạo Tỉnh”)",
                 "Giấy khen của Giám đốc Sở"),
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
        MailKind(
            key="list_published",
            label="Công khai danh sách đề nghị khen thưởng (gửi từng đơn vị)",
            subject="[Thi đua] Công khai danh sách đề nghị khen thưởng: {{ cap_khen }}",
            body=(
                "Kính gửi {{ don_vi }},\n"
                "Danh sách đề nghị khen thưởng của phong trào “{{ phong_trao }}”, cấp khen thưởng: {{ cap_khen }}, "
                "được công khai để lấy ý kiến từ ngày {{ ngay_cong_khai }} đến hết ngày {{ han_y_kien }}.\n"
                "Đề nghị đơn vị phổ biến đến công chức, viên chức, người lao động; ý kiến gửi trên cổng "
                "trước hết ngày {{ han_y_kien }}.\n"
                "Xem danh sách và gửi ý kiến tại: {{ duong_dan }}\n"
            ),
            variables={
                "don_vi": _DOSSIER["don_vi"],
                "cap_khen": _DOSSIER["cap_khen"],
                "phong_trao": _DOSSIER["phong_trao"],
                "ngay_cong_khai": ("ngày bắt đầu công khai dd/mm/yyyy", "13/11/2023"),
                "han_y_kien": ("ngày cuối nhận ý kiến dd/mm/yyyy", "17/11/2023"),
                "duong_dan": ("đường dẫn tới danh sách công khai", "http://127.0.0.1:8000/cong-khai/3/"),
            },
        ),
        MailKind(
            key="decision_signed",
            label="Quyết định khen thưởng được ký (gửi đơn vị có người được khen)",
            subject="[Thi đua] Quyết định số {{ so_quyet_dinh }}: {{ don_vi }} có {{ so_khen }} tập thể, cá nhân được khen thưởng",
            body=(
                "Kính gửi {{ don_vi }},\n"
                "Ngày {{ ngay_ky }}, Quyết định số {{ so_quyet_dinh }} khen thưởng phong trào “{{ phong_trao }}”, "
                "cấp khen thưởng: {{ cap_khen }}, đã được ký. Tập thể, cá nhân của đơn vị được khen thưởng:\n"
                "{{ danh_sach }}\n"
                "Xem quyết định tại: {{ duong_dan }}\n"
            ),
            variables={
                "don_vi": _DOSSIER["don_vi"],
                "cap_khen": _DOSSIER["cap_khen"],
                "phong_trao": _DOSSIER["phong_trao"],
                "so_quyet_dinh": ("số quyết định", "125/QĐ-SCT"),
                "ngay_ky": ("ngày ký dd/mm/yyyy", "24/11/2023"),
                "so_khen": ("số tập thể, cá nhân của đơn vị được khen", "2"),
                "danh_sach": (
                    "danh sách tập thể, cá nhân được khen (mỗi dòng một người)",
                    "- Ông Trần Văn Khoa, Chuyên viên\n- Tập thể Phòng Quản lý Công nghiệp",
                ),
                "duong_dan": ("đường dẫn tới quyết định công khai", "http://127.0.0.1:8000/cong-khai/quyet-dinh/4/"),
            },
        ),
        MailKind(
            key="decision_signed_office",
            label="Quyết định khen thưởng được ký (bản gửi Văn phòng Sở)",
            subject="[Thi đua] Đã ký Quyết định số {{ so_quyet_dinh }} ({{ so_khen }} tập thể, cá nhân)",
            body=(
                "Ngày {{ ngay_ky }}, Quyết định số {{ so_quyet_dinh }} khen thưởng phong trào “{{ phong_trao }}”, "
                "cấp khen thưởng: {{ cap_khen }}, đã được ký: {{ so_khen }} tập thể, cá nhân được khen thưởng.\n"
                "Đã gửi thông báo đến {{ so_don_vi }} đơn vị.\n"
                "{{ danh_sach }}\n"
                "Xem quyết định tại: {{ duong_dan }}\n"
            ),
            variables={
                "cap_khen": _DOSSIER["cap_khen"],
                "phong_trao": _DOSSIER["phong_trao"],
                "so_quyet_dinh": ("số quyết định", "125/QĐ-SCT"),
                "ngay_ky": ("ngày ký dd/mm/yyyy", "24/11/2023"),
                "so_khen": ("tổng số tập thể, cá nhân được khen", "12"),
                "so_don_vi": ("số đơn vị được thông báo", "5"),
                "danh_sach": (
                    "danh sách theo đơn vị (mỗi dòng một tập thể, cá nhân)",
                    "Phòng Quản lý Công nghiệp:\n- Ông Trần Văn Khoa, Chuyên viên",
                ),
                "duong_dan": ("đường dẫn tới quyết định", "http://127.0.0.1:8000/khen-thuong/quyet-dinh/4/"),
            },
        ),
        MailKind(
            key="recommendation_filed",
            label="Ban Thanh tra nhân dân gửi kiến nghị (gửi Văn phòng Sở)",
            subject="[Thi đua] Kiến nghị số {{ so_kien_nghi }} của Ban Thanh tra nhân dân: {{ tieu_de }}",
            body=(
                "Ban Thanh tra nhân dân ({{ nguoi_gui }}) đã gửi kiến nghị số {{ so_kien_nghi }} lúc {{ thoi_diem }}:\n"
                "{{ tieu_de }}\n"
                "Hạn trả lời: hết ngày {{ han_tra_loi }}.\n"
                "Xem kiến nghị tại: {{ duong_dan }}\n"
            ),
            variables={
                "so_kien_nghi": ("số kiến nghị", "3/2023"),
                "tieu_de": ("tiêu đề kiến nghị", "Công khai danh sách chưa đủ thời gian"),
                "nguoi_gui": ("họ tên người gửi", "Nguyễn Thị Hoa"),
                "thoi_diem": ("giờ và ngày gửi", "09:00 ngày 20/11/2023"),
                "han_tra_loi": ("hạn trả lời dd/mm/yyyy", "05/12/2023"),
                "duong_dan": ("đường dẫn tới kiến nghị", "http://127.0.0.1:8000/kien-nghi/3/"),
            },
        ),
        MailKind(
            key="recommendation_answered",
            label="Lãnh đạo Sở trả lời kiến nghị (gửi Ban Thanh tra nhân dân)",
            subject="[Thi đua] Trả lời kiến nghị số {{ so_kien_nghi }}: {{ ket_qua }}",
            body=(
                "{{ nguoi_tra_loi }} đã {% if dinh_chinh %}đính chính câu trả lời{% else %}trả lời{% endif %} "
                "kiến nghị số {{ so_kien_nghi }} “{{ tieu_de }}” lúc {{ thoi_diem }}.\n"
                "Kết quả xem xét: {{ ket_qua }}.\n"
                "{{ noi_dung }}\n"
                "{% if ly_do %}Lý do: {{ ly_do }}\n{% endif %}"
                "Xem tại: {{ duong_dan }}\n"
            ),
            variables={
                "so_kien_nghi": ("số kiến nghị", "3/2023"),
                "tieu_de": ("tiêu đề kiến nghị", "Công khai danh sách chưa đủ thời gian"),
                "nguoi_tra_loi": ("họ tên người trả lời", "Lê Văn Minh"),
                "thoi_diem": ("giờ và ngày trả lời", "14:30 ngày 27/11/2023"),
                "ket_qua": ("kết quả xem xét", "Tiếp thu một phần"),
                "noi_dung": ("nội dung trả lời", "Văn phòng Sở công khai lại danh sách đủ 5 ngày làm việc."),
                "ly_do": ("lý do không tiếp thu (có thể trống)", "Thời gian công khai đã đủ theo quy chế."),
                "dinh_chinh": ("có giá trị khi là câu trả lời đính chính (có thể trống)", ""),
                "duong_dan": ("đường dẫn tới kiến nghị", "http://127.0.0.1:8000/kien-nghi/3/"),
            },
        ),
        MailKind(
            key="proposal_returned",
            label="Ban Chỉ đạo Tỉnh trả lại tờ trình (gửi Văn phòng Sở)",
            subject="[Thi đua] Ban Chỉ đạo Tỉnh trả lại {{ to_trinh }}",
            body=(
                "Ban Chỉ đạo Tỉnh đã trả lại {{ to_trinh }} (phong trào “{{ phong_trao }}”) lúc {{ thoi_diem }}.\n"
                "Nội dung cần chỉnh sửa: {{ y_kien }}\n"
                "Mở lại tờ trình để chỉnh sửa, trình ký và gửi lại tại: {{ duong_dan }}\n"
            ),
            variables={
                "to_trinh": ("số tờ trình", "Tờ trình số 45/TTr-SCT"),
                "phong_trao": _DOSSIER["phong_trao"],
                "thoi_diem": ("giờ và ngày trả lại", "10:15 ngày 01/12/2023"),
                "y_kien": ("ý kiến của Ban Chỉ đạo Tỉnh", "Bổ sung tóm tắt thành tích của tập thể."),
                "duong_dan": ("đường dẫn tới tờ trình", "http://127.0.0.1:8000/khen-thuong/to-trinh/2/"),
            },
        ),
        MailKind(
            key="proposal_accepted",
            label="Ban Chỉ đạo Tỉnh tiếp nhận tờ trình (gửi Văn phòng Sở)",
            subject="[Thi đua] Ban Chỉ đạo Tỉnh đã tiếp nhận {{ to_trinh }}",
            body=(
                "Ban Chỉ đạo Tỉnh đã tiếp nhận {{ to_trinh }} (phong trào “{{ phong_trao }}”) lúc {{ thoi_diem }}.\n"
                "{% if y_kien %}Ý kiến: {{ y_kien }}\n{% endif %}"
                "Kết quả xét khen thưởng của Tỉnh sẽ được cập nhật tại: {{ duong_dan }}\n"
            ),
            variables={
                "to_trinh": ("số tờ trình", "Tờ trình số 45/TTr-SCT"),
                "phong_trao": _DOSSIER["phong_trao"],
                "thoi_diem": ("giờ và ngày tiếp nhận", "10:15 ngày 01/12/2023"),
                "y_kien": ("ý kiến của Ban Chỉ đạo Tỉnh (có thể trống)", "Hồ sơ đầy đủ."),
                "duong_dan": ("đường dẫn tới tờ trình", "http://127.0.0.1:8000/khen-thuong/to-trinh/2/"),
            },
        ),
    )
}

KEY_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]


def sample_context(key: str) -> dict[str, str]:
    return {name: sample for name, (_, sample) in KINDS[key].variables.items()}
