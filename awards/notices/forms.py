from django import forms

from awards.issuing.forms import DATE_ERRORS, VNDateInput


class ExtendNoticeForm(forms.Form):
    ends_on = forms.DateField(
        label="Công khai đến hết ngày", widget=VNDateInput(), input_formats=["%d/%m/%Y"], error_messages=DATE_ERRORS
    )
