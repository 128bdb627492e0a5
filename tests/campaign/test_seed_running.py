"""The demo data shows a campaign under way: a few acknowledgements and progress reports, the rest to try."""

import pytest
from django.core.management import call_command

from campaign.models import Acknowledgement, Campaign, ProgressReport
from core.time import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_campaign_has_some_progress_and_leaves_the_unit_logins_to_try():
    call_command("seed_demo", "--quiet")
    demo = Campaign.objects.get(number="01/KH-SCT-DEMO", year=local_today().year)

    acknowledged = set(Acknowledgement.objects.filter(campaign=demo).values_list("staff__user__username", flat=True))
    reported = set(ProgressReport.objects.filter(campaign=demo).values_list("unit__name", "content_item__number"))

    assert acknowledged == {"giamdoc", "vanphong"}
    assert ("Văn phòng Sở", 1) in reported and len(reported) == 5
    assert not ProgressReport.objects.filter(campaign=demo, unit__name="Phòng Quản lý Công nghiệp").exists()
    for report in ProgressReport.objects.filter(campaign=demo):
        assert demo.launch_date <= report.activity_date <= min(demo.emulation_end, local_today())
