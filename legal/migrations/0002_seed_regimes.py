"""Every deployment starts with the law as it stood: the 2023 regime (Law 2003 amended 2005 and 2013,
Decree 91/2017, Circular 12/2019), the 2024 regime (Law 06/2022/QH15, Decree 98/2023, Circular
01/2024/TT-BNV) and the base salaries since 01/07/2019.

Decree 98/2023 carries its end (30/06/2025: Decree 152/2025/NĐ-CP replaced it from 01/07/2025) so the
portal warns a plan of a later date that cites it; no later regime is entered here: it is entered from
the real text of Decree 152/2025 by the deployment's administrator (README, "Văn bản và căn cứ pháp lý").
Idempotent: rows are matched on their numbers and dates and left alone when present. legal/apps.py
runs the same `seed` after a flush of the database (post_migrate), when the legal tables are empty.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

TEXTS = [
    # code, title, cited_as, valid_from, valid_to, replaced_by
    (
        "15/2003/QH11",
        "Luật Thi đua, Khen thưởng",
        "Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003",
        None,
        date(2023, 12, 31),
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
    ),
    (
        "47/2005/QH11",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng",
        "Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005",
        None,
        date(2023, 12, 31),
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
    ),
    (
        "39/2013/QH13",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng",
        "Luật Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013",
        None,
        date(2023, 12, 31),
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
    ),
    (
        "91/2017/NĐ-CP",
        "Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, Khen thưởng",
        "",
        None,
        date(2023, 12, 31),
        "Nghị định 98/2023/NĐ-CP",
    ),
    (
        "12/2019/TT-BNV",
        "Thông tư quy định chi tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP",
        "",
        None,
        date(2023, 12, 31),
        "Thông tư 01/2024/TT-BNV",
    ),
    (
        "06/2022/QH15",
        "Luật Thi đua, khen thưởng",
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        date(2024, 1, 1),
        None,
        "",
    ),
    (
        "98/2023/NĐ-CP",
        "Nghị định quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "",
        date(2024, 1, 1),
        date(2025, 6, 30),
        "Nghị định 152/2025/NĐ-CP",
    ),
    (
        "01/2024/TT-BNV",
        "Thông tư quy định biện pháp thi hành Luật Thi đua, khen thưởng",
        "",
        None,
        None,
        "",
    ),
]

REGIMES = [
    {
        "code": "2023",
        "name": "Luật Thi đua, Khen thưởng 2003 (sửa đổi 2005, 2013); Nghị định 91/2017/NĐ-CP; Thông tư 12/2019/TT-BNV",
        "valid_from": date(2017, 10, 1),
        "valid_to": date(2023, 12, 31),
        "bases": [
            (
                "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của "
                "Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005; Luật sửa đổi, bổ sung một số điều của Luật Thi "
                "đua, Khen thưởng ngày 16 tháng 11 năm 2013;",
                "15/2003/QH11",
            ),
            (
                "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành "
                "một số điều của Luật Thi đua, Khen thưởng;",
                "91/2017/NĐ-CP",
            ),
            (
                "Căn cứ Thông tư số 12/2019/TT-BNV ngày 04 tháng 11 năm 2019 của Bộ trưởng Bộ Nội vụ quy định chi "
                "tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP;",
                "12/2019/TT-BNV",
            ),
        ],
        "coefficient": ("0.30", "0.60", "Điều 73 Nghị định 91/2017/NĐ-CP"),
        "forms": [
            ("collective", "Mẫu số 01", "Báo cáo thành tích đề nghị khen thưởng cho tập thể"),
            ("individual", "Mẫu số 02", "Báo cáo thành tích đề nghị khen thưởng cho cá nhân"),
            ("extraordinary", "Mẫu số 03", "Báo cáo thành tích đề nghị khen thưởng thành tích xuất sắc đột xuất"),
            ("thematic", "Mẫu số 04", "Báo cáo thành tích đề nghị khen thưởng theo đợt hoặc chuyên đề"),
        ],
        "forms_source": "Phụ lục Nghị định 91/2017/NĐ-CP",
    },
    {
        "code": "2024",
        "name": "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 98/2023/NĐ-CP; Thông tư 01/2024/TT-BNV",
        "valid_from": date(2024, 1, 1),
        "valid_to": None,
        "bases": [
            ("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "06/2022/QH15"),
            (
                "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
                "một số điều của Luật Thi đua, khen thưởng;",
                "98/2023/NĐ-CP",
            ),
            (
                "Căn cứ Thông tư số 01/2024/TT-BNV của Bộ trưởng Bộ Nội vụ quy định biện pháp thi hành Luật Thi đua, "
                "khen thưởng;",
                "01/2024/TT-BNV",
            ),
        ],
        "coefficient": ("0.30", "0.60", "Điều 58 Nghị định 98/2023/NĐ-CP"),
        "forms": [
            ("collective", "Mẫu số 01", "Báo cáo thành tích đề nghị khen thưởng cho tập thể"),
            ("individual", "Mẫu số 02", "Báo cáo thành tích đề nghị khen thưởng cho cá nhân"),
            ("extraordinary", "Mẫu số 03", "Báo cáo thành tích đề nghị khen thưởng thành tích xuất sắc đột xuất"),
            ("thematic", "Mẫu số 04", "Báo cáo thành tích đề nghị khen thưởng theo đợt hoặc chuyên đề"),
        ],
        "forms_source": "Phụ lục I Nghị định 98/2023/NĐ-CP",
    },
]

SALARIES = [
    (1_490_000, date(2019, 7, 1), "Nghị định 38/2019/NĐ-CP"),
    (1_800_000, date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
]


def seed(apps, schema_editor):
    LegalText = apps.get_model("legal", "LegalText")
    LegalRegime = apps.get_model("legal", "LegalRegime")
    RegimeBasis = apps.get_model("legal", "RegimeBasis")
    CashCoefficient = apps.get_model("legal", "CashCoefficient")
    ReportForm = apps.get_model("legal", "ReportForm")
    BaseSalary = apps.get_model("legal", "BaseSalary")

    texts = {}
    for code, title, cited_as, valid_from, valid_to, replaced_by in TEXTS:
        texts[code], _ = LegalText.objects.get_or_create(
            code=code,
            defaults={
                "title": title,
                "cited_as": cited_as,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "replaced_by": replaced_by,
            },
        )
    for spec in REGIMES:
        regime, created = LegalRegime.objects.get_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "valid_from": spec["valid_from"], "valid_to": spec["valid_to"]},
        )
        if not created:
            continue
        for order, (line, code) in enumerate(spec["bases"], start=1):
            RegimeBasis.objects.create(regime=regime, order=order, text=line, legal_text=texts[code])
        individual, collective, article = spec["coefficient"]
        CashCoefficient.objects.create(
            regime=regime,
            form="giay_khen",
            individual=Decimal(individual),
            collective=Decimal(collective),
            article=article,
        )
        for kind, code, name in spec["forms"]:
            ReportForm.objects.create(regime=regime, kind=kind, code=code, name=name, source=spec["forms_source"])
    for amount, valid_from, source in SALARIES:
        BaseSalary.objects.get_or_create(valid_from=valid_from, defaults={"amount": amount, "source": source})


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
