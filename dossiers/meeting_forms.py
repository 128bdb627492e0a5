"""Forms of the unit's review meeting. They check the shape of what is typed; every rule is in
dossiers/meetings.py, whose refusals the views show on these forms."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from campaign.admin_base import BoundedModelMultipleChoiceField
from campaign.models import StaffMember
from core.time import PLAN_TZ

from .meetings import CONCLUSION_MAX_LENGTH, PLACE_MAX_LENGTH
from .models import MeetingQuestion, VoteChoice

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in Vietnam time (the browser's datetime-local input)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [LOCAL_INPUT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"])
        kwargs.setdefault("error_messages", {"invalid": "Hãy nhập ngày giờ đúng dạng (ngày/tháng/năm giờ:phút)."})
        super().__init__(**kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.full_name}, {obj.position}" if obj.position else obj.full_name


def _rounded_now() -> datetime:
    # Down to the quarter hour: a meeting opened now can be voted on at once.
    now = timezone.now().astimezone(PLAN_TZ)
    return now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)


class OpenMeetingForm(forms.Form):
    held_at = LocalDateTimeField(label="Thời gian họp")
    place = forms.CharField(
        label="Địa điểm họp", max_length=PLACE_MAX_LENGTH, help_text="Ví dụ: Phòng họp số 2, trụ sở Sở Công Thương"
    )
    chair = StaffChoiceField(label="Người chủ trì", queryset=StaffMember.objects.none(), empty_label="— Chọn —")
    secretary = StaffChoiceField(label="Thư ký", queryset=StaffMember.objects.none(), empty_label="— Chọn —")
    voting_opens_at = LocalDateTimeField(label="Bắt đầu biểu quyết")
    voting_closes_at = LocalDateTimeField(label="Kết thúc biểu quyết")
    secret_ballot = forms.BooleanField(
        label="Bỏ phiếu kín",
        required=False,
        initial=True,
        help_text="Phiếu kín: hệ thống chỉ ghi nhận ai đã bỏ phiếu, không lưu ai chọn gì; chỉ công bố số phiếu.",
    )

    def __init__(self, *args, staff, staff_list=None, head: StaffMember | None = None, **kwargs):
        start = _rounded_now()
        kwargs.setdefault(
            "initial",
            {
                "held_at": start,
                "voting_opens_at": start,
                "voting_closes_at": datetime.combine(start.date(), time(17, 0), tzinfo=PLAN_TZ)
                if start.hour < 16
                else start + timedelta(hours=2),
                "secret_ballot": True,
            },
        )
        super().__init__(*args, **kwargs)
        for name in ("chair", "secretary"):
            field = self.fields[name]
            field.queryset = staff  # what a posted choice is checked against
            if staff_list is not None:  # the rows the page already read: both lists offered without reading again
                field.choices = [("", field.empty_label), *((s.pk, field.label_from_instance(s)) for s in staff_list)]
        if head is not None and not self.is_bound:
            self.initial.setdefault("chair", head.pk)  # the unit head usually chairs

    def clean(self):
        data = super().clean()
        opens, closes = data.get("voting_opens_at"), data.get("voting_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("voting_closes_at", "Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu.")
        chair, secretary = data.get("chair"), data.get("secretary")
        if chair and secretary and chair.pk == secretary.pk:
            self.add_error("secretary", "Người chủ trì và thư ký phải là hai người khác nhau.")
        return data


CHOICES = [
    (VoteChoice.AGREE, "Đồng ý"),
    (VoteChoice.DISAGREE, "Không đồng ý"),
    (VoteChoice.ABSTAIN, "Không biểu quyết"),
]


class BallotForm(forms.Form):
    """One radio group per nominee; every nominee needs a choice."""

    def __init__(self, *args, questions: list[MeetingQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.ChoiceField(
                label=question.nominee_label,
                choices=CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Hãy chọn một phương án cho tập thể, cá nhân này."},
            )

    def choices(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class AttendanceForm(forms.Form):
    # An id that is not a number or too large for the database is a form error, not a server error.
    present = BoundedModelMultipleChoiceField(
        label="Người dự họp", queryset=StaffMember.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Người được chọn không thuộc đơn vị.",
                        "invalid_pk_value": "Danh sách người dự họp không hợp lệ; hãy tải lại trang."},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = staff
        self.fields["present"].label_from_instance = (
            lambda s: f"{s.full_name}, {s.position}" if s.position else s.full_name
        )


class CloseMeetingForm(forms.Form):
    conclusion = forms.CharField(
        label="Kết luận của cuộc họp",
        required=False,
        max_length=CONCLUSION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Để trống: hệ thống ghi kết luận theo kết quả biểu quyết (đạt trên 50% số người dự họp đồng ý).",
    )

    def clean_conclusion(self):
        value = self.cleaned_data["conclusion"]
        if "\x00" in value:
            raise forms.ValidationError("Kết luận chứa ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại.")
        return value
