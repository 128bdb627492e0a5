from django import forms

from awards.models import VoteChoice


class VoteGridForm(forms.Form):
    """One select per (nomination, member present); field names are v_<nomination>_<member>."""

    def __init__(self, *args, nominations, members, existing: dict[tuple[int, int], str], **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = nominations
        self.members = members
        choices = [("", "—"), *VoteChoice.choices]
        for nomination in nominations:
            for member in members:
                name = f"v_{nomination.pk}_{member.pk}"
                self.fields[name] = forms.ChoiceField(
                    label=f"{member.full_name} – {nomination.nominee_name}",
                    choices=choices,
                    required=False,
                    initial=existing.get((nomination.pk, member.pk), ""),
                )

    def votes_by_nomination(self) -> dict[int, dict[int, str]]:
        result: dict[int, dict[int, str]] = {}
        for nomination in self.nominations:
            votes = {}
            for member in self.members:
                value = self.cleaned_data.get(f"v_{nomination.pk}_{member.pk}")
                if value:
                    votes[member.pk] = value
            if votes:
                result[nomination.pk] = votes
        return result

    def rows(self):
        for nomination in self.nominations:
            yield nomination, [self[f"v_{nomination.pk}_{member.pk}"] for member in self.members]


class PublishForm(forms.Form):
    working_days = forms.IntegerField(
        label="Số ngày làm việc công khai", min_value=1, max_value=30, initial=5,
        error_messages={"min_value": "Số ngày làm việc phải từ 1 trở lên.", "required": "Hãy nhập số ngày làm việc."},
    )
    note = forms.CharField(label="Ghi chú (hiển thị cùng danh sách)", required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
    # What becomes final is listed above the box (templates/admin/awards/shortlist.html); publishing freezes it.
    confirm = forms.BooleanField(
        label="Tôi xác nhận công khai: danh sách sẽ được công khai cho toàn thể cán bộ; các đề nghị đã duyệt sẽ bị "
              "khóa, không duyệt thêm hay bỏ duyệt được nữa.",
        error_messages={"required": "Hãy đánh dấu ô xác nhận công khai. Danh sách chưa được công khai."},
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Trả lời", widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        error_messages={"required": "Hãy nhập nội dung trả lời."},
    )


class FeedbackForm(forms.Form):
    nomination = forms.TypedChoiceField(label="Tập thể, cá nhân", coerce=int, choices=())
    text = forms.CharField(
        label="Ý kiến của bạn", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        error_messages={"required": "Hãy nhập nội dung ý kiến."},
    )

    def __init__(self, *args, approvals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [("", "— Chọn —")] + [
            (a.nomination_id, a.nomination.nominee_name) for a in approvals
        ]
        self.fields["nomination"].error_messages["required"] = "Hãy chọn tập thể, cá nhân bạn góp ý."
