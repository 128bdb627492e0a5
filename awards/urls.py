from django.urls import path

from .issuing import second_factor
from .issuing import views as issuing
from .notices import views as notices
from .review import ballot_views as council
from .review import views as review

app_name = "awards"
urlpatterns = [
    # Review: the proposed list published for comment (công khai).
    path("cong-khai/", review.publication_list, name="publications"),
    path("cong-khai/<int:pk>/", review.publication_detail, name="publication"),
    # A signed decision published inside the agency (Law 10/2022).
    path("cong-khai/quyet-dinh/<int:pk>/", notices.notice_detail, name="notice"),
    path("cong-khai/quyet-dinh/<int:pk>/gia-han/", notices.notice_extend, name="notice-extend"),
    path("cong-khai/quyet-dinh/<int:pk>/quyet-dinh.pdf", notices.notice_pdf, name="notice-pdf"),
    # The council's e-ballots: a member's ballot, the office's controls, the tally and the minutes.
    path("hoi-dong/bieu-quyet/", council.ballot_list, name="council-ballots"),
    path("hoi-dong/phien-hop/<int:meeting_id>/mo-bieu-quyet/", council.ballot_open, name="council-ballot-open"),
    path("hoi-dong/bieu-quyet/<int:pk>/", council.ballot_detail, name="council-ballot"),
    path("hoi-dong/bieu-quyet/<int:pk>/bo-phieu/", council.ballot_vote, name="council-ballot-vote"),
    path("hoi-dong/bieu-quyet/<int:pk>/ket-thuc/", council.ballot_close, name="council-ballot-close"),
    path("hoi-dong/bieu-quyet/<int:pk>/bien-ban.pdf", council.ballot_minutes_pdf, name="council-ballot-minutes"),
    # Issuing: decisions, certificates, the Tờ trình, the award register.
    path("khen-thuong/quyet-dinh/", issuing.decision_list, name="decisions"),
    path("khen-thuong/quyet-dinh/lap/<int:campaign_id>/", issuing.decision_create, name="decision-create"),
    path("khen-thuong/quyet-dinh/<int:pk>/", issuing.decision_detail, name="decision"),
    path("khen-thuong/quyet-dinh/<int:pk>/sua/", issuing.decision_edit, name="decision-edit"),
    path("khen-thuong/quyet-dinh/<int:pk>/ky/", issuing.decision_sign, name="decision-sign"),
    path("khen-thuong/quyet-dinh/<int:pk>/in/quyet-dinh.pdf", issuing.decision_pdf, name="decision-pdf"),
    path("khen-thuong/quyet-dinh/<int:pk>/in/giay-khen.pdf", issuing.decision_certificates_pdf,
         name="decision-certificates"),
    path("khen-thuong/quyet-dinh/<int:pk>/in/giay-khen-tren-phoi.pdf", issuing.decision_blank_pdf,
         name="decision-blank"),
    # Big print runs: more certificates than PRINT_SYNC_LIMIT are printed by a job on the "print" queue.
    path("khen-thuong/quyet-dinh/<int:pk>/in/bat-dau/", issuing.print_job_start, name="print-job-start"),
    path("khen-thuong/ban-in/<int:pk>/", issuing.print_job_detail, name="print-job"),
    path("khen-thuong/ban-in/<int:pk>/tien-do.json", issuing.print_job_progress, name="print-job-progress"),
    path("khen-thuong/ban-in/<int:pk>/tai-ve.pdf", issuing.print_job_download, name="print-job-download"),
    path("khen-thuong/ban-in/<int:pk>/in-lai/", issuing.print_job_restart, name="print-job-restart"),
    path("khen-thuong/giay-khen/", issuing.my_certificates, name="my-certificates"),
    path("khen-thuong/giay-khen/<int:pk>.pdf", issuing.certificate_pdf, name="certificate"),
    path("khen-thuong/in-tren-phoi/<int:agency_id>/can-chinh.pdf", issuing.calibration_pdf, name="calibration"),
    path("khen-thuong/so-khen-thuong/", issuing.award_register, name="register"),
    path("khen-thuong/qua-trinh-khen-thuong/", issuing.my_history, name="my-history"),
    path("khen-thuong/qua-trinh-khen-thuong/<int:pk>/", issuing.staff_history, name="staff-history"),
    path("khen-thuong/to-trinh/lap/<int:campaign_id>/", issuing.proposal_create, name="proposal-create"),
    path("khen-thuong/to-trinh/<int:pk>/", issuing.proposal_detail, name="proposal"),
    path("khen-thuong/to-trinh/<int:pk>/sua/", issuing.proposal_edit, name="proposal-edit"),
    path("khen-thuong/to-trinh/<int:pk>/ky/", issuing.proposal_sign, name="proposal-sign"),
    path("khen-thuong/to-trinh/<int:pk>/in/to-trinh.pdf", issuing.proposal_pdf, name="proposal-pdf"),
    # The signer's second factor (TOTP): enrolment and the code asked before signing.
    path("xac-thuc-hai-lop/", second_factor.enrol, name="otp-enrol"),
    path("xac-thuc-hai-lop/nhap-ma/", second_factor.verify, name="otp-verify"),
]
