"""Demo data: the Department of Industry and Trade of Dong Thap, its 2023 plan, staff, boards and logins;
and a small second agency of the same province (Sở Y tế) with its own units, staff, boards, open demo
plan and logins, so that one agency's people can be seen not to reach the other's data (DESIGN.md R8).

Roles are memberships in one agency (office, Director, inspection board); unit staff hold none.
Idempotent: every row is keyed on its natural key, so a second run changes nothing. The current-year
demo campaigns are created once (their dates come from the day they are created) and never touched again.
Texts of the 2023 plan are verbatim from seed/000_a060b4949adb4636.txt, with the PDF's line breaks removed.
"""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from campaign.models import (
    Acknowledgement,
    Agency,
    AwardLevel,
    Board,
    BoardKind,
    BoardMembership,
    BoardRole,
    Campaign,
    ContentItem,
    DossierRequirement,
    Gender,
    LegalBasis,
    Membership,
    ProgressReport,
    ReportKind,
    Role,
    StaffMember,
    Unit,
    UnitKind,
)
from core.time import local_today, start_of_day, vn_date

DEMO_PASSWORD = "ThiDua@2023"

AGENCY = {
    "code": "SCT",
    "name": "Sở Công Thương",
    "parent_authority": "UBND TỈNH ĐỒNG THÁP",
    "place_name": "Đồng Tháp",
    "head_title": "Giám đốc",
    "office_name": "Văn phòng Sở",
}

# The plan's section II, one string per item (number = position + 1).
CONTENT_ITEMS = (
    "Triển khai, quán triệt thực hiện Luật thực hiện dân chủ ở cơ sở và thực hiện nghiêm túc các chỉ thị, kết luận của Trung ương, văn bản của Tỉnh về thực hiện dân chủ, cụ thể: tiếp tục tập trung thực hiện tốt những nội dung quy định tại Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ về thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập; Thông tư số 01/2016/TT-BNV ngày 13/01/2016 của Bộ trưởng Bộ Nội vụ hướng dẫn một số nội dung của Nghị định số 04/2015/NĐ-CP; Quyết định số 310-QĐ/TU ngày 06/01/2022 của Ban Thường vụ Tỉnh ủy ban hành Quy chế làm việc của Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở Tỉnh.",
    "Thường xuyên giáo dục tư tưởng và nâng cao nhận thức, trách nhiệm cán bộ, công chức, viên chức và người lao động trong thực hiện quy chế dân chủ ở cơ sở; chấp hành nội quy, quy chế cơ quan, đơn vị; thực hiện các quy định về nghĩa vụ, đạo đức công vụ, văn hóa giao tiếp, quy tắc ứng xử và nguyên tắc nghề nghiệp trong thực hiện nhiệm vụ.",
    "Đảm bảo công khai, minh bạch, dân chủ trong công tác tổ chức, cán bộ, tuyển dụng, quy hoạch, đào tạo, bồi dưỡng, đánh giá, bổ nhiệm,… phát huy quyền, trách nhiệm của cán bộ, công chức, viên chức trong thực hiện quy chế dân chủ ở cơ sở; Thực hiện nghiêm các quy định về chế độ, định mức, tiêu chuẩn quy chế chi tiêu nội bộ cơ quan, đơn vị; thường xuyên kiểm tra, giám sát nhằm phát hiện kịp thời các hành vi tham nhũng của cán bộ, công chức, viên chức để kịp thời ngăn chặn, chấn chỉnh và xử lý theo quy định pháp luật.",
    "Thi đua thực hiện dân chủ gắn với việc thực hiện học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh theo Chỉ thị số 05-CT/TW của Bộ Chính trị Khoá XII và các phong trào thi đua do các sở, ngành Tỉnh phát động (chung sức xây dựng nông thôn mới, bảo đảm trật tự an toàn giao thông,…).",
    "Thực hiện quy chế dân chủ gắn với đẩy mạnh công tác cải cách hành chính; xây dựng đội ngũ cán bộ, công chức, viên chức năng động, sáng tạo, tinh thần trách nhiệm đảm bảo thực hiện tốt các chỉ tiêu, kế hoạch của ngành, phục vụ tốt cho người dân và cộng đồng Doanh nghiệp tạo sự đồng thuận trong xã hội, góp phần thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội của Tỉnh năm 2023.",
    "Xây dựng đội ngũ công chức, viên chức đủ phẩm chất chính trị, phẩm chất đạo đức, có năng lực; tích cực, chủ động, sáng tạo, cải tiến lề lối làm việc đạt năng suất, chất lượng, hiệu quả.",
    "Phát huy vai trò của đoàn thể tham gia giám sát, phản biện xã hội theo Quyết định số 217-QĐ/TW và Quyết định số 218-QĐ/TW của Bộ Chính trị khóa XI.",
    "Tăng cường vai trò kiểm tra, giám sát của BVĐ thực hiện QCDCCS và Ban Thanh tra nhân dân về thực hiện Quy chế dân chủ trong hoạt động nội bộ cơ quan. Đồng thời, củng cố, kiện toàn nâng cao chất lượng hoạt động Ban vân động thực hiện quy chế dân chủ ở cơ sở.",
    "Thực hiện sơ kết, tổng kết việc thực hiện Quy chế dân chủ cơ sở trong hoạt động của cơ quan và xem xét tập thể, cá nhân có thành tích tiêu biểu trong thực hiện quy chế dân chủ đề nghị Ban vận động DCCS, Ban Chỉ đạo QCDC Tỉnh xem xét khen thưởng, xây dựng điển hình.",
)

# In the order the decision cites them: laws, decrees, circulars, then the province's plans.
LEGAL_BASES = (
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013;",
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, Khen thưởng;",
    "Căn cứ Nghị định số 04/2015/NĐ-CP ngày 09 tháng 01 năm 2015 của Chính phủ về thực hiện dân chủ trong hoạt động của cơ quan hành chính nhà nước và đơn vị sự nghiệp công lập;",
    "Căn cứ Thông tư số 01/2016/TT-BNV ngày 13 tháng 01 năm 2016 của Bộ trưởng Bộ Nội vụ hướng dẫn một số nội dung của Nghị định số 04/2015/NĐ-CP;",
    "Căn cứ Kế hoạch số 157/KH-UBND ngày 27 tháng 4 năm 2023 của Ủy ban nhân dân Tỉnh Đồng Tháp về thực hiện dân chủ trong hoạt động của các cơ quan hành chính nhà nước và các đơn vị sự nghiệp công lập năm 2023;",
    "Căn cứ Kế hoạch số 77-KH/BDVTU ngày 05 tháng 5 năm 2023 của Ban Dân vận Tỉnh ủy phát động phong trào thi đua thực hiện quy chế dân chủ ở cơ sở năm 2023;",
)

# Section III.2: the full report goes to the province, the summary to the Director.
DOSSIER_REQUIREMENTS = (
    (AwardLevel.PROVINCIAL, ReportKind.FULL),
    (AwardLevel.GRASSROOTS, ReportKind.SUMMARY),
)

PLAN_TEXTS = {
    "purposes": "\n".join(
        (
            "- Phát huy quyền làm chủ của công chức, viên chức, người lao động và nâng cao trách nhiệm của người đứng đầu cơ quan, đơn vị.",
            "- Xây dựng đội ngũ công chức, viên chức có đủ phẩm chất, năng lực và tinh thần phục vụ nhân dân, làm việc chất lượng, hiệu quả. Kiên quyết đấu tranh ngăn chặn và đẩy lùi các hiện tượng tiêu cực, tham nhũng, lãng phí, quan liêu gây phiền hà, sách nhiễu và lợi dụng dân chủ, gây mất đoàn kết nội bộ.",
        )
    ),
    "requirements": "Thực hiện dân chủ trong hoạt động của cơ quan, đơn vị phải gắn liền với việc đảm bảo sự lãnh đạo của tổ chức đảng ở cơ quan; gắn việc thực hiện Quy chế dân chủ với thực hiện nhiệm vụ chuyên môn và phong trào thi đua đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "organisation": "\n".join(
        (
            "1. Thành viên Ban vân động thực hiện Quy chế dân chủ cơ sở, Lãnh đạo các phòng, đơn vị triển khai nội dung Kế hoạch đến từng công chức, viên chức và người lao động biết và thực hiện tốt các nội dung kế hoạch đề ra, đảm bảo thực hiện quy chế dân chủ cơ sở đạt hiệu quả.",
            "2. Đoàn thể cơ quan chủ động phối hợp với Thủ trưởng các phòng, đơn vị, vận động công đoàn viên và đoàn viên thanh niên, quần chúng tích cực tham gia hưởng ứng phong trào thi đua thực hiện Quy chế dân chủ trong hoạt động cơ quan.",
            "3. Thường trực Ban vận động phối hợp với Ban thanh tra nhân dân có trách nhiệm theo dõi, giám sát việc thực hiện Quy chế dân chủ trong hoạt động nội bộ cơ quan và báo cáo kết quả nội dung giám sát trong đợt thi đua.",
        )
    ),
    "recipients": "\n".join(
        (
            "Ban Dân vận Tỉnh ủy;",
            "Sở Nội vụ;",
            "Các phòng, đơn vị thuộc Sở;",
            "Các tổ chức đoàn thể thuộc Sở;",
            "Lưu: VT, VP(Cường, 02b).",
        )
    ),
    "signer_title": "Giám đốc",
    "signer_name": "Nguyễn Hữu Dũng",
    "collective_quota": 2,
    "individual_quota": 5,
}

AWARD_REASON = "Đã có thành tích xuất sắc, tiêu biểu trong thực hiện Quy chế dân chủ ở cơ sở năm {year}"

CAMPAIGN_2023 = {
    "number": "…/KH-SCT",  # the registered number is not legible in the seed
    "year": 2023,
    "title": "Phát động phong trào thi đua thực hiện Quy chế dân chủ cơ sở năm 2023",
    "preamble": "\n\n".join(
        (
            "Thực hiện Kế hoạch số 157/KH-UBND ngày 27/04/2023 của Uỷ ban nhân dân Tỉnh Đồng Tháp về thực hiện dân chủ trong hoạt động của các cơ quan hành chính nhà nước và các đơn vị sự nghiệp công lập năm 2023 và Kế hoạch số 77-KH/BDVTU ngày 05/5/2023 của Ban Dân vận Tỉnh uỷ phát động phong trào thi đua thực hiện quy chế dân chủ ở cơ sở năm 2023.",
            "Sở Công Thương xây dựng kế hoạch thực hiện quy chế dân chủ cơ sở (DCCS) năm 2023, như sau:",
        )
    ),
    # The seed does not show its date; it follows Plan 77-KH/BDVTU of 05/5/2023.
    "launch_date": date(2023, 5, 15),
    "emulation_end": date(2023, 10, 31),
    "submission_deadline": date(2023, 11, 10),
    "award_reason": AWARD_REASON.format(year=2023),
}

DEMO_CAMPAIGN = {
    "number": "01/KH-SCT-DEMO",
    "title": "Phong trào thi đua thử nghiệm năm {year} (dữ liệu mẫu)",
    "preamble": "Dữ liệu mẫu để thử nghiệm cổng thông tin; nội dung sao chép từ Kế hoạch thực hiện "
    "Quy chế dân chủ cơ sở năm 2023 của Sở Công Thương.",
    # Days from today, fixed when the campaign is created.
    "launch_offset": -30,
    "emulation_end_offset": 14,
    "submission_deadline_offset": 21,
}

# (name, kind); the display order is the position.
UNITS = (
    ("Ban Giám đốc Sở", UnitKind.DIVISION),
    ("Văn phòng Sở", UnitKind.DIVISION),
    ("Thanh tra Sở", UnitKind.DIVISION),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", UnitKind.DIVISION),
    ("Phòng Quản lý Công nghiệp", UnitKind.DIVISION),
    ("Phòng Quản lý Thương mại", UnitKind.DIVISION),
    ("Phòng Quản lý Năng lượng", UnitKind.DIVISION),
    ("Trung tâm Khuyến công và Xúc tiến thương mại", UnitKind.AFFILIATED),
    ("Công đoàn cơ sở Sở Công Thương", UnitKind.MASS_ORGANISATION),
    ("Chi đoàn Sở Công Thương", UnitKind.MASS_ORGANISATION),
)

M, F = Gender.MALE, Gender.FEMALE
LEADER, DIRECT, REGULAR = "leader", "direct", ""

# fmt: off
# unit -> (full name, gender, position, leader / direct worker / neither)
STAFF_BY_UNIT = (
    ("Ban Giám đốc Sở", (
        ("Nguyễn Hữu Dũng", M, "Giám đốc", LEADER),
        ("Trần Thị Thu Hà", F, "Phó Giám đốc", LEADER),
    )),
    ("Văn phòng Sở", (
        ("Phạm Thị Ngọc Lan", F, "Chánh Văn phòng", LEADER),
        ("Lê Quốc Cường", M, "Chuyên viên", REGULAR),
        ("Võ Thị Kim Ngân", F, "Kế toán", REGULAR),
        ("Huỳnh Văn Tài", M, "Lái xe", DIRECT),
        ("Đặng Văn Phúc", M, "Bảo vệ", DIRECT),
        ("Nguyễn Thị Hồng", F, "Nhân viên phục vụ", DIRECT),
    )),
    ("Thanh tra Sở", (
        ("Trương Minh Tuấn", M, "Chánh Thanh tra", LEADER),
        ("Lý Thị Thanh Thủy", F, "Thanh tra viên", REGULAR),
    )),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", (
        ("Phan Thị Bích Trâm", F, "Trưởng phòng", LEADER),
        ("Đỗ Văn Hùng", M, "Phó Trưởng phòng", LEADER),
        ("Ngô Thị Diễm My", F, "Chuyên viên", REGULAR),
    )),
    ("Phòng Quản lý Công nghiệp", (
        ("Trần Văn Khoa", M, "Trưởng phòng", LEADER),
        ("Lê Thị Hồng Nhung", F, "Phó Trưởng phòng", LEADER),
        ("Nguyễn Thành Đạt", M, "Chuyên viên", REGULAR),
    )),
    ("Phòng Quản lý Thương mại", (
        ("Bùi Thị Ngọc Hân", F, "Trưởng phòng", LEADER),
        ("Châu Văn Lợi", M, "Chuyên viên", REGULAR),
        ("Tô Thị Cẩm Tú", F, "Chuyên viên", REGULAR),
    )),
    ("Phòng Quản lý Năng lượng", (
        ("Hồ Văn Nghĩa", M, "Trưởng phòng", LEADER),
        ("Dương Thị Kiều Oanh", F, "Phó Trưởng phòng", LEADER),
        ("Mai Văn Thành", M, "Chuyên viên", REGULAR),
    )),
    ("Trung tâm Khuyến công và Xúc tiến thương mại", (
        ("Lâm Văn Hiếu", M, "Giám đốc Trung tâm", LEADER),
        ("Nguyễn Thị Thanh Tuyền", F, "Phó Giám đốc Trung tâm", LEADER),
        ("Phạm Thị Thúy Vy", F, "Viên chức", REGULAR),
        ("Võ Hoàng Nam", M, "Viên chức", REGULAR),
        ("Đinh Thị Mai", F, "Kế toán", REGULAR),
        ("Cao Văn Sang", M, "Lái xe", DIRECT),
    )),
    ("Công đoàn cơ sở Sở Công Thương", (
        ("Huỳnh Thị Kim Phượng", F, "Chủ tịch Công đoàn", LEADER),
    )),
    ("Chi đoàn Sở Công Thương", (
        ("Nguyễn Minh Trí", M, "Bí thư Chi đoàn", LEADER),
    )),
)

# (kind, name, ((member, role), ...))
BOARDS = (
    (BoardKind.MOBILISATION, "Ban vận động thực hiện Quy chế dân chủ ở cơ sở", (
        ("Trần Thị Thu Hà", BoardRole.CHAIR),
        ("Huỳnh Thị Kim Phượng", BoardRole.VICE_CHAIR),
        ("Phạm Thị Ngọc Lan", BoardRole.STANDING),
        ("Trương Minh Tuấn", BoardRole.MEMBER),
        ("Nguyễn Minh Trí", BoardRole.MEMBER),
    )),
    (BoardKind.INSPECTION, "Ban Thanh tra nhân dân", (
        ("Châu Văn Lợi", BoardRole.CHAIR),
        ("Ngô Thị Diễm My", BoardRole.MEMBER),
        ("Mai Văn Thành", BoardRole.MEMBER),
    )),
    (BoardKind.COUNCIL, "Hội đồng Thi đua - Khen thưởng Sở Công Thương", (
        ("Nguyễn Hữu Dũng", BoardRole.CHAIR),
        ("Trần Thị Thu Hà", BoardRole.VICE_CHAIR),
        ("Phạm Thị Ngọc Lan", BoardRole.STANDING),
        ("Phan Thị Bích Trâm", BoardRole.MEMBER),
        ("Trương Minh Tuấn", BoardRole.MEMBER),
        ("Huỳnh Thị Kim Phượng", BoardRole.MEMBER),
        ("Nguyễn Minh Trí", BoardRole.MEMBER),
    )),
)
# fmt: on

# (username, staff member, role in the agency or None for unit staff, role as shown in the summary)
LOGINS = (
    ("donvi.congnghiep", "Trần Văn Khoa", None, "Cán bộ đơn vị (trưởng phòng)"),
    ("donvi.khuyencong", "Phạm Thị Thúy Vy", None, "Cán bộ đơn vị"),
    ("vanphong", "Lê Quốc Cường", Role.OFFICE, "Văn phòng Sở (quản trị hồ sơ)"),
    ("giamdoc", "Nguyễn Hữu Dũng", Role.DIRECTOR, "Giám đốc Sở"),
    ("thanhtra", "Châu Văn Lợi", Role.INSPECTION, "Ban Thanh tra nhân dân (chỉ xem)"),
)

# The second agency: small, with its own open demo plan ------------------------------------------------

SYT_AGENCY = {
    "code": "SYT",
    "name": "Sở Y tế",
    "parent_authority": "UBND TỈNH ĐỒNG THÁP",
    "place_name": "Đồng Tháp",
    "head_title": "Giám đốc",
    "office_name": "Văn phòng Sở",
}

SYT_UNITS = (
    ("Văn phòng Sở", UnitKind.DIVISION),
    ("Phòng Nghiệp vụ Y", UnitKind.DIVISION),
    ("Trung tâm Kiểm soát bệnh tật", UnitKind.AFFILIATED),
)

# fmt: off
# Three units only: the Director and the deputy are listed with the office, as small agencies do.
SYT_STAFF_BY_UNIT = (
    ("Văn phòng Sở", (
        ("Lê Văn Thắng", M, "Giám đốc", LEADER),
        ("Nguyễn Thị Mỹ Linh", F, "Chánh Văn phòng", LEADER),
        ("Trần Quốc Bảo", M, "Chuyên viên", REGULAR),
    )),
    ("Phòng Nghiệp vụ Y", (
        ("Phạm Minh Khang", M, "Trưởng phòng", LEADER),
        ("Võ Thị Thanh Hương", F, "Chuyên viên", REGULAR),
    )),
    ("Trung tâm Kiểm soát bệnh tật", (
        ("Huỳnh Văn Lộc", M, "Giám đốc Trung tâm", LEADER),
        ("Lý Thị Kim Yến", F, "Viên chức", REGULAR),
        ("Đặng Thị Ngọc Ánh", F, "Viên chức", REGULAR),
        ("Trương Văn Hậu", M, "Lái xe", DIRECT),
    )),
)

SYT_BOARDS = (
    (BoardKind.INSPECTION, "Ban Thanh tra nhân dân", (
        ("Lý Thị Kim Yến", BoardRole.CHAIR),
        ("Võ Thị Thanh Hương", BoardRole.MEMBER),
        ("Trương Văn Hậu", BoardRole.MEMBER),
    )),
    (BoardKind.COUNCIL, "Hội đồng Thi đua - Khen thưởng Sở Y tế", (
        ("Lê Văn Thắng", BoardRole.CHAIR),
        ("Nguyễn Thị Mỹ Linh", BoardRole.STANDING),
        ("Phạm Minh Khang", BoardRole.MEMBER),
        ("Huỳnh Văn Lộc", BoardRole.MEMBER),
    )),
)
# fmt: on

SYT_LOGINS = (
    ("donvi.syt", "Phạm Minh Khang", None, "Cán bộ đơn vị (trưởng phòng)"),
    ("vanphong.syt", "Trần Quốc Bảo", Role.OFFICE, "Văn phòng Sở (quản trị hồ sơ)"),
    ("giamdoc.syt", "Lê Văn Thắng", Role.DIRECTOR, "Giám đốc Sở"),
    ("thanhtra.syt", "Lý Thị Kim Yến", Role.INSPECTION, "Ban Thanh tra nhân dân (chỉ xem)"),
)

SYT_DEMO_CAMPAIGN = {
    **DEMO_CAMPAIGN,
    "number": "01/KH-SYT-DEMO",
    "preamble": "Dữ liệu mẫu để thử nghiệm cổng thông tin cho cơ quan thứ hai; nội dung sao chép từ Kế hoạch "
    "thực hiện Quy chế dân chủ cơ sở năm 2023 của Sở Công Thương.",
    # The plan's own signer and filing line, not Sở Công Thương's.
    "texts": {
        "signer_name": "Lê Văn Thắng",
        "recipients": "\n".join(
            (
                "Ban Dân vận Tỉnh ủy;",
                "Sở Nội vụ;",
                "Các phòng, đơn vị thuộc Sở;",
                "Các tổ chức đoàn thể thuộc Sở;",
                "Lưu: VT, VP.",
            )
        ),
    },
}


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (Sở Công Thương Đồng Tháp, kế hoạch 2023, cán bộ, tài khoản thử nghiệm)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in tóm tắt.")

    def handle(self, *args, quiet: bool = False, **options):
        with transaction.atomic():
            agency = seed_agency(AGENCY)
            units = seed_units(agency)
            staff = seed_staff(agency, units)
            seed_boards(agency, staff)
            users = seed_logins(agency, staff)
            plan = seed_campaign_2023(agency)
            demo, demo_created = seed_demo_campaign(agency, plan)
            seed_campaign_running(demo, staff, users)
            second = seed_second_agency(plan)
        if not quiet:
            self.print_summary(agency, units, staff, plan, demo, demo_created, second)

    def print_summary(self, agency, units, staff, plan, demo, demo_created, second) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu cho {agency.name} ({agency.parent_authority})."))
        out.write(f"- {len(units)} phòng, đơn vị, đoàn thể; {len(staff)} cán bộ, công chức, viên chức.")
        out.write(f"- {len(BOARDS)} ban: " + "; ".join(name for _, name, _ in BOARDS) + ".")
        out.write(
            f"- Kế hoạch năm 2023: {plan.content_items.count()} nội dung, thi đua đến hết ngày "
            f"{vn_date(plan.emulation_end)}, nộp hồ sơ đến hết ngày {vn_date(plan.submission_deadline)}."
        )
        state = "vừa tạo" if demo_created else "đã có, giữ nguyên"
        out.write(
            f"- Kế hoạch thử nghiệm năm {demo.year} ({state}): phát động {vn_date(demo.launch_date)}, "
            f"thi đua đến hết ngày {vn_date(demo.emulation_end)}, "
            f"nộp hồ sơ đến hết ngày {vn_date(demo.submission_deadline)}."
        )
        syt, syt_units, syt_staff, syt_demo, syt_demo_created = second
        state = "vừa tạo" if syt_demo_created else "đã có, giữ nguyên"
        out.write(
            f"- Cơ quan thứ hai: {syt.name} ({syt.code}), {len(syt_units)} phòng, đơn vị; {len(syt_staff)} cán bộ; "
            f"{len(SYT_BOARDS)} ban; kế hoạch thử nghiệm {syt_demo.number} năm {syt_demo.year} ({state}): "
            f"thi đua đến hết ngày {vn_date(syt_demo.emulation_end)}, "
            f"nộp hồ sơ đến hết ngày {vn_date(syt_demo.submission_deadline)}."
        )
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị")]
        for logins, people, where in ((LOGINS, staff, agency), (SYT_LOGINS, syt_staff, syt)):
            for username, full_name, _, role in logins:
                rows.append((username, DEMO_PASSWORD, role, f"{people[full_name].unit.name} – {where.name}"))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        out.write("")
        out.write(self.style.MIGRATE_HEADING("Tài khoản thử nghiệm:"))
        for i, row in enumerate(rows):
            out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                out.write("  ".join("-" * width for width in widths))
        out.write("(Mật khẩu chỉ được đặt khi tạo tài khoản; mật khẩu đã đổi được giữ nguyên.)")
        out.write(self.style.WARNING("Chỉ dùng để thử nghiệm – không dùng trong môi trường thật."))


def seed_agency(fields: dict) -> Agency:
    agency, _ = Agency.objects.update_or_create(code=fields["code"], defaults=fields)
    return agency


def seed_units(agency: Agency, spec=UNITS) -> dict[str, Unit]:
    units = {}
    for order, (name, kind) in enumerate(spec, start=1):
        units[name], _ = Unit.objects.update_or_create(
            agency=agency, name=name, defaults={"kind": kind, "display_order": order}
        )
    return units


def seed_staff(agency: Agency, units: dict[str, Unit], spec=STAFF_BY_UNIT) -> dict[str, StaffMember]:
    staff = {}
    for unit_name, people in spec:
        for full_name, gender, position, flag in people:
            # Keyed on the name within the agency: a person is in one unit at a time.
            staff[full_name], _ = StaffMember.objects.update_or_create(
                full_name=full_name,
                unit__agency=agency,
                defaults={
                    "unit": units[unit_name],
                    "gender": gender,
                    "position": position,
                    "is_leader": flag == LEADER,
                    "is_direct_worker": flag == DIRECT,
                },
            )
    return staff


def seed_boards(agency: Agency, staff: dict[str, StaffMember], spec=BOARDS) -> None:
    for kind, name, members in spec:
        board, _ = Board.objects.update_or_create(agency=agency, kind=kind, defaults={"name": name})
        for full_name, role in members:
            BoardMembership.objects.update_or_create(
                board=board, staff=staff[full_name], defaults={"role": role}
            )


def seed_logins(agency: Agency, staff: dict[str, StaffMember], spec=LOGINS) -> dict[str, User]:
    """The demo logins, each linked to its staff member and holding its role (if any) in `agency`.
    `is_staff` is left alone: who enters the admin is decided by the rules (a role), not by it."""
    users = {}
    for username, full_name, role, _ in spec:
        family_name, _, given_names = full_name.partition(" ")
        # A demo address per login (vanphong@sct.dongthap.gov.vn): the demo's mails land in the outbox.
        code = agency.code.lower()
        email = f"{username.removesuffix('.' + code)}@{code}.dongthap.gov.vn"
        user, created = User.objects.update_or_create(
            username=username, defaults={"first_name": given_names, "last_name": family_name, "email": email}
        )
        if created:  # never reset a password someone has changed
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        seed_role(user, agency, role)
        member = staff[full_name]
        if member.user_id != user.pk:
            member.user = user
            member.save(update_fields=["user"])
        users[username] = user
    return users


def seed_role(user: User, agency: Agency, role: str | None) -> None:
    """The demo login holds exactly its demo role: a role given since in the admin is taken back (as the
    groups were reset before), and an unchanged one is not touched (no new history row)."""
    Membership.objects.filter(user=user).exclude(agency=agency, role=role).delete()
    if role is not None:
        Membership.objects.get_or_create(user=user, agency=agency, role=role)


def seed_second_agency(plan_2023: Campaign) -> tuple[Agency, dict, dict, Campaign, bool]:
    """Sở Y tế: three units, nine staff, two boards, four logins and an open demo plan whose content
    is copied from the 2023 plan of Sở Công Thương."""
    agency = seed_agency(SYT_AGENCY)
    units = seed_units(agency, SYT_UNITS)
    staff = seed_staff(agency, units, SYT_STAFF_BY_UNIT)
    seed_boards(agency, staff, SYT_BOARDS)
    seed_logins(agency, staff, SYT_LOGINS)
    demo, created = seed_demo_campaign(agency, plan_2023, SYT_DEMO_CAMPAIGN)
    return agency, units, staff, demo, created


def seed_campaign_2023(agency: Agency) -> Campaign:
    fields = {**PLAN_TEXTS, **CAMPAIGN_2023}
    key = {"agency": agency, "number": fields.pop("number"), "year": fields.pop("year")}
    plan, created = Campaign.objects.get_or_create(**key, defaults=fields)
    # Save only what differs, so a re-run adds nothing to the campaign's history.
    changed = [name for name, value in fields.items() if getattr(plan, name) != value]
    if not created and changed:
        for name in changed:
            setattr(plan, name, fields[name])
        plan._change_reason = "Khôi phục dữ liệu mẫu (seed_demo)"
        plan.save()
    for number, text in enumerate(CONTENT_ITEMS, start=1):
        ContentItem.objects.update_or_create(campaign=plan, number=number, defaults={"text": text})
    for level, report_kind in DOSSIER_REQUIREMENTS:
        DossierRequirement.objects.update_or_create(
            campaign=plan,
            level=level,
            defaults={
                "requires_proposal_letter": True,
                "requires_meeting_minutes": True,
                "requires_achievement_report": True,
                "report_kind": report_kind,
            },
        )
    for order, text in enumerate(LEGAL_BASES, start=1):
        LegalBasis.objects.update_or_create(campaign=plan, order=order, defaults={"text": text})
    return plan


def seed_demo_campaign(agency: Agency, plan: Campaign, spec: dict = DEMO_CAMPAIGN) -> tuple[Campaign, bool]:
    """A current-year campaign dated from today; created once, copying the 2023 plan, never updated.
    `spec["texts"]` overrides the plan's texts (e.g. the signer of another agency)."""
    spec = {**DEMO_CAMPAIGN, **spec}
    today = local_today()
    this_year = f"năm {today.year}"
    demo, created = Campaign.objects.get_or_create(
        agency=agency,
        number=spec["number"],
        year=today.year,
        defaults={
            **PLAN_TEXTS,
            **spec.get("texts", {}),
            "title": spec["title"].format(year=today.year),
            "preamble": spec["preamble"],
            "launch_date": today + timedelta(days=spec["launch_offset"]),
            "emulation_end": today + timedelta(days=spec["emulation_end_offset"]),
            "submission_deadline": today + timedelta(days=spec["submission_deadline_offset"]),
            "award_reason": AWARD_REASON.format(year=today.year),
        },
    )
    if created:
        ContentItem.objects.bulk_create(
            ContentItem(campaign=demo, number=item.number, text=item.text.replace("năm 2023", this_year))
            for item in plan.content_items.order_by("number")
        )
        DossierRequirement.objects.bulk_create(
            DossierRequirement(
                campaign=demo,
                level=req.level,
                requires_proposal_letter=req.requires_proposal_letter,
                requires_meeting_minutes=req.requires_meeting_minutes,
                requires_achievement_report=req.requires_achievement_report,
                report_kind=req.report_kind,
            )
            for req in plan.dossier_requirements.all()
        )
        LegalBasis.objects.bulk_create(
            LegalBasis(campaign=demo, order=basis.order, text=basis.text) for basis in plan.legal_bases.all()
        )
    return demo, created


# Running the demo campaign: two staff have acknowledged the plan, three units have reported on a few
# content items. The other demo logins (the two unit staff, the inspection board) have not, so that each
# can try it. (login, days after the launch)
DEMO_ACKNOWLEDGEMENTS = (("giamdoc", 1), ("vanphong", 2))
# (unit, content item, login who reported, days after the launch, what the unit did)
DEMO_PROGRESS = (
    ("Văn phòng Sở", 1, "vanphong", 3,
     "Tổ chức hội nghị quán triệt Luật thực hiện dân chủ ở cơ sở và Nghị định số 04/2015/NĐ-CP cho toàn thể "
     "công chức, viên chức, người lao động của Sở (62 người tham dự); đăng tải văn bản trên trang thông tin nội bộ."),
    ("Văn phòng Sở", 3, "vanphong", 10,
     "Công khai quy chế chi tiêu nội bộ năm và kết quả thực hiện dự toán 6 tháng tại hội nghị giao ban; niêm yết "
     "tại bảng tin cơ quan."),
    ("Văn phòng Sở", 8, "vanphong", 12,
     "Phối hợp Ban Thanh tra nhân dân kiểm tra việc thực hiện quy chế dân chủ tại 02 phòng chuyên môn."),
    ("Ban Giám đốc Sở", 1, "giamdoc", 2,
     "Ban hành kế hoạch, phân công Phó Giám đốc phụ trách theo dõi việc thực hiện quy chế dân chủ ở cơ sở."),
    ("Trung tâm Khuyến công và Xúc tiến thương mại", 2, "donvi.khuyencong", 6,
     "Sinh hoạt chuyên đề về văn hóa giao tiếp, quy tắc ứng xử của viên chức; 100% viên chức ký cam kết thực hiện."),
)


def seed_campaign_running(demo: Campaign, staff: dict[str, StaffMember], users: dict[str, User]) -> None:
    """A little progress in the demo campaign (idempotent: created once, never updated)."""
    for username, days in DEMO_ACKNOWLEDGEMENTS:
        user = users[username]
        Acknowledgement.objects.get_or_create(
            campaign=demo,
            staff=user.staff_member,
            defaults={
                "acknowledged_by": user,
                "acknowledged_at": start_of_day(demo.launch_date + timedelta(days=days)) + timedelta(hours=8),
            },
        )
    items = {item.number: item for item in demo.content_items.all()}
    units = {member.unit.name: member.unit for member in staff.values()}
    for unit_name, number, username, days, text in DEMO_PROGRESS:
        day = min(demo.launch_date + timedelta(days=days), demo.emulation_end)
        at = start_of_day(day) + timedelta(hours=15)
        ProgressReport.objects.get_or_create(
            unit=units[unit_name],
            content_item=items[number],
            defaults={
                "campaign": demo,
                "activity_date": day,
                "description": text,
                "created_by": users[username],
                "created_at": at,
                "updated_by": users[username],
                "updated_at": at,
            },
        )
