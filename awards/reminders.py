"""Reminders about the published list (issue 15 point 7): each morning the office hears of the comments
on a published list that are still unanswered (sent before that day), once a day per list, as long as
some are left (the decision cannot be signed before every comment is answered, R4)."""

from datetime import date

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Trim
from django.urls import reverse

from campaign.mail.reminders import Reminder, provider
from core.time import start_of_day, vn_date
from dossiers.notifications import office_addresses

from .models import Feedback, Publication


@provider
def unanswered_comments(day: date):
    waiting = dict(
        Feedback.objects.annotate(answer_text=Trim("answer"))
        .filter(created_at__lt=start_of_day(day), answer_text="")
        .order_by()
        .values("publication_id")
        .annotate(count=Count("pk"))
        .values_list("publication_id", "count")
    )
    if not waiting:
        return
    publications = Publication.objects.filter(pk__in=waiting).select_related("campaign__agency")
    for publication in publications:
        agency = publication.campaign.agency
        link = reverse("admin:awards_shortlist", args=[publication.campaign_id, publication.level])
        yield Reminder(
            agency=agency,
            key="reminder_unanswered_comments",
            about=publication,
            to=office_addresses(agency),
            context={
                "cap_khen": publication.get_level_display(),
                "phong_trao": publication.campaign.title,
                "so_y_kien": waiting[publication.pk],
                "han_cong_khai": vn_date(publication.closes_on),
                "duong_dan": f"{settings.PORTAL_BASE_URL}{link}",
            },
        )
