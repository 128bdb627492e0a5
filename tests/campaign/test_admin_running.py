"""The office reads acknowledgements, progress reports and supervision reports in the admin, as records."""

import pytest

from tests.factories import AcknowledgementFactory, ProgressReportFactory, SupervisionReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "factory", "text"),
    [
        ("acknowledgement", AcknowledgementFactory, "Xác nhận đã đọc Kế hoạch"),
        ("progressreport", ProgressReportFactory, "Báo cáo tiến độ"),
        ("supervisionreport", SupervisionReportFactory, "Báo cáo giám sát"),
    ],
)
def test_the_office_reads_the_records_in_vietnamese_and_cannot_add_or_edit_them(client, office, path, factory, text):
    record = factory()
    client.force_login(office)

    changelist = client.get(f"/quan-tri/campaign/{path}/")
    change = client.get(f"/quan-tri/campaign/{path}/{record.pk}/change/")

    assert changelist.status_code == 200 and text in changelist.content.decode()
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert client.get(f"/quan-tri/campaign/{path}/add/").status_code == 403
