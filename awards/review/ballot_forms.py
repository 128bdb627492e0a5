"""Forms of the council's e-ballot. They check the shape of what is typed; every rule is in
awards/review/ballots.py, whose refusals the views show on these forms."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from core.time import PLAN_TZ
from dossiers.meeting_forms import LocalDateTimeField
from dossiers.models import Nomination

from .ballots import CHOICE_LABELS


class OpenBallotForm(forms.Form):
    opens_at = LocalDateTimeField(label="Bắt đầu biểu quyết")
    closes_at = LocalDateTimeField(label="Kết thúc biểu quyết")
    secret = forms.BooleanField(
        label="Bỏ phiếu kín",
        required=False,
        help_text="Phiếu kín: hệ thống chỉ ghi nhận thành viên nào đã bỏ phiếu, không lưu ai chọn gì; chỉ công bố số phiếu.",
    )

    def __init__(self, *args, **kwargs):
        now = timezone.now().astimezone(PLAN_TZ)
        start = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
        kwargs.setdefault("initial", {"opens_at": start, "closes_at": start + timedelta(hours=2), "secret": True})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "Thời điểm kết thúc biểu quyết phải sau thời điểm bắt đầu.")
        return data


class CouncilBallotForm(forms.Form):
    """One radio group per nomination; every nomination needs a choice."""

    def __init__(self, *args, nominations: list[Nomination], **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = nominations
        for nomination in nominations:
            self.fields[f"n{nomination.pk}"] = forms.ChoiceField(
                label=nomination.nominee_name,
                choices=list(CHOICE_LABELS.items()),
                widget=forms.RadioSelect,
                error_messages={"required": "Hãy chọn một phương án cho tập thể, cá nhân này."},
            )

    def rows(self):
        return [(nomination, self[f"n{nomination.pk}"]) for nomination in self.nominations]

    def choices(self) -> dict[int, str]:
        return {n.pk: self.cleaned_data[f"n{n.pk}"] for n in self.nominations}
