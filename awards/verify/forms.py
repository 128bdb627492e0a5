from django import forms

from core.uploads import UploadRefused, check_upload, human_size, max_bytes


class CheckFileForm(forms.Form):
    """A PDF to compare with the issued files: read in memory, never stored."""

    file = forms.FileField(
        label="Tệp PDF Giấy khen cần kiểm tra",
        error_messages={"required": "Vui lòng chọn tệp PDF cần kiểm tra.", "empty": "Tệp đã chọn rỗng (0 byte)."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": ".pdf,application/pdf", "class": "form-control"})
        self.fields["file"].help_text = f"Tệp PDF, tối đa {human_size(max_bytes())}. Tệp chỉ được đọc để so sánh, không được lưu lại."

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            kind = check_upload(upload)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from None
        if kind.name != "PDF":
            raise forms.ValidationError("Chỉ kiểm tra được tệp PDF của Giấy khen.")
        upload.seek(0)
        self.cleaned_data["content"] = upload.read()
        return upload
