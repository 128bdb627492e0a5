"""Filing and answering the inspection board's recommendations. Each function asks the rules
(campaign/rules.py) first, runs in one transaction and raises DomainError with a Vietnamese message;
a refused action writes nothing (no row, no file).

The answer is due 15 days after the day the recommendation is filed (Law 10/2022, art. 63). The law
says "15 ngày", not "15 ngày làm việc" (it names working days where it means them, e.g. the 5 working
days to publish a decision), so the days are calendar days, counted as the Civil Code (2015) counts a
period: the day of filing is not counted (art. 147), and a period whose last day is a weekend day, a
public holiday or a day off of the agency ends with the next working day (art. 148 §5), found with the
agency's working-day calendar (campaign/calendar.py).
"""

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import DomainError
from core.time import PLAN_TZ, local_today
from core.uploads import check_upload

from ..calendar import added_days, is_national_working_day
from ..models import (
    RECOMMENDATION_ANSWER_DAYS,
    Agency,
    Campaign,
    Recommendation,
    RecommendationAnswer,
    RecommendationAttachment,
    RecommendationDecision,
    SupervisionReport,
)
from ..rules import ensure, standing
from . import notifications

MAX_ATTACHMENTS = 10
TITLE_MAX = 300


def due_date_for(agency: Agency | int, filed_on: date) -> date:
    """The last day to answer a recommendation filed on `filed_on` (see the module's docstring)."""
    due = filed_on + timedelta(days=RECOMMENDATION_ANSWER_DAYS)
    closed = added_days(agency, due, due + timedelta(days=30))
    while not is_national_working_day(due) or due in closed:
        due += timedelta(days=1)
    return due


def _name_of(user: User) -> str:
    person = standing(user).person
    return person.full_name if person is not None else (user.get_full_name() or user.username)


def file_recommendation(
    *,
    agency: Agency,
    by: User,
    title: str,
    content: str,
    campaign: Campaign | None = None,
    supervision_report: SupervisionReport | None = None,
    attachments: list[UploadedFile] | tuple = (),
    now: datetime | None = None,
) -> Recommendation:
    """The board files a recommendation to the head of the agency: numbered per agency and year, due in 15 days."""
    now = now or timezone.now()
    ensure(by, "campaign.add_recommendation", Recommendation(agency=agency))
    title = " ".join((title or "").split())
    content = (content or "").strip()
    if not title:
        raise DomainError("Hãy nhập tiêu đề của kiến nghị.")
    if len(title) > TITLE_MAX:
        raise DomainError(f"Tiêu đề kiến nghị dài tối đa {TITLE_MAX} ký tự; nội dung chi tiết ghi ở phần nội dung.")
    if not content:
        raise DomainError("Hãy nêu nội dung kiến nghị.")
    if supervision_report is not None:
        if supervision_report.campaign.agency_id != agency.pk:
            raise DomainError("Báo cáo giám sát đã chọn không thuộc cơ quan này.")
        if campaign is not None and supervision_report.campaign_id != campaign.pk:
            raise DomainError(
                f"Báo cáo giám sát đã chọn thuộc Kế hoạch số {supervision_report.campaign.number}, "
                f"không phải Kế hoạch số {campaign.number}; hãy chọn lại kế hoạch hoặc báo cáo."
            )
        campaign = supervision_report.campaign
    if campaign is not None and campaign.agency_id != agency.pk:
        raise DomainError("Kế hoạch đã chọn không thuộc cơ quan này.")
    attachments = [upload for upload in (attachments or []) if upload]
    if len(attachments) > MAX_ATTACHMENTS:
        raise DomainError(f"Mỗi kiến nghị kèm tối đa {MAX_ATTACHMENTS} tệp; hãy gộp bớt tệp.")
    types = [check_upload(upload) for upload in attachments]  # every file refused before anything is written
    filed_on = local_today(now)
    with transaction.atomic():
        # The agency's row is the lock under which the year's next number is taken (PostgreSQL).
        Agency.objects.select_for_update().get(pk=agency.pk)
        last = Recommendation.objects.filter(agency=agency, year=filed_on.year).aggregate(n=Max("number"))["n"]
        try:
            with transaction.atomic():
                recommendation = Recommendation.objects.create(
                    agency=agency,
                    year=filed_on.year,
                    number=(last or 0) + 1,
                    title=title,
                    content=content,
                    campaign=campaign,
                    supervision_report=supervision_report,
                    filed_by=by,
                    filed_by_name=_name_of(by),
                    filed_at=now,
                    due_date=due_date_for(agency, filed_on),
                )
        except IntegrityError:
            raise DomainError("Một kiến nghị khác vừa được gửi cùng lúc; hãy gửi lại.") from None
        for upload, file_type in zip(attachments, types, strict=True):
            attachment = RecommendationAttachment(recommendation=recommendation, uploaded_at=now)
            # A recommendation whose transaction fails leaves no file in the storage.
            attachment.store(upload, file_type, by=by)
            attachment.save()
    # The agency's office hears of it once it is committed (notifications.py).
    transaction.on_commit(lambda: notifications.recommendation_filed(recommendation.pk))
    return recommendation


def current_answer(recommendation: Recommendation) -> RecommendationAnswer | None:
    """The answer in force: the latest one (a correction comes after the answer it corrects)."""
    return recommendation.answers.order_by("-answered_at", "-pk").first()


def answer_recommendation(
    *,
    recommendation: Recommendation,
    by: User,
    decision: str,
    text: str,
    reasons: str = "",
    corrects: RecommendationAnswer | None = None,
    correction_note: str = "",
    now: datetime | None = None,
) -> RecommendationAnswer:
    """The Director (or a deputy) answers; the answer is published to the board at once. Answering again
    is a correction of the answer in force: a new answer saying what it corrects, the earlier kept."""
    now = now or timezone.now()
    ensure(by, "campaign.add_recommendationanswer", RecommendationAnswer(recommendation=recommendation))
    if decision not in RecommendationDecision.values:
        raise DomainError("Hãy chọn kết quả xem xét: tiếp thu, tiếp thu một phần hoặc không tiếp thu.")
    text = (text or "").strip()
    reasons = (reasons or "").strip()
    correction_note = (correction_note or "").strip()
    if not text:
        raise DomainError("Hãy nhập nội dung trả lời kiến nghị.")
    if decision != RecommendationDecision.ACCEPTED and not reasons:
        raise DomainError("Kiến nghị không được tiếp thu toàn bộ: hãy nêu rõ lý do.")
    with transaction.atomic():
        Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        in_force = current_answer(recommendation)
        if in_force is None and corrects is not None:
            raise DomainError("Kiến nghị chưa có câu trả lời nào để đính chính.")
        if in_force is not None:
            if corrects is None:
                raise DomainError(
                    f"Kiến nghị này đã được trả lời lúc {in_force.answered_at.astimezone(PLAN_TZ):%H:%M %d/%m/%Y}. "
                    "Nếu cần sửa, hãy gửi câu trả lời đính chính (câu trả lời trước vẫn được lưu)."
                )
            if corrects.pk != in_force.pk:
                raise DomainError(
                    "Câu trả lời này đã được đính chính bằng một câu trả lời sau; hãy tải lại trang và đính chính "
                    "câu trả lời mới nhất."
                )
            if not correction_note:
                raise DomainError("Hãy nêu nội dung đính chính (sửa điều gì so với câu trả lời trước).")
        else:
            correction_note = ""
        try:
            with transaction.atomic():
                answer = RecommendationAnswer.objects.create(
                    recommendation=recommendation,
                    decision=decision,
                    text=text,
                    reasons=reasons,
                    corrects=in_force,
                    correction_note=correction_note,
                    answered_by=by,
                    answered_by_name=_name_of(by),
                    answered_at=now,
                )
        except IntegrityError:
            raise DomainError("Câu trả lời vừa được đính chính cùng lúc; hãy tải lại trang.") from None
    # The board's members hear of the answer once it is committed (notifications.py).
    transaction.on_commit(lambda: notifications.recommendation_answered(answer.pk))
    return answer
