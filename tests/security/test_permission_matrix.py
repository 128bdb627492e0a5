"""The permission matrix (DESIGN.md R8): for every URL of the portal, every admin page and action, and
every file and PDF download, what each role gets. One table; a URL, a registered model, an admin page
or an action that is not in it fails the test, so nothing new goes unreviewed.

Roles, in the order of each tuple: anonymous, staff of unit A, staff of unit B, leader of unit A,
office, inspection board, Director, the provincial steering committee. 302 for the anonymous is the way to
the login page.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.world import ROLES, FreshSessions, build_world

pytestmark = pytest.mark.django_db

# (method, name): (path, expected status per role)
EXPECTED = {
    # The portal: every named URL, GET then POST (a POST with no data: forms answer 400, refusals 403/404/405).
    ('GET', 'login'): ('/dang-nhap/', (200, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'login'): ('/dang-nhap/', (200, 200, 200, 200, 200, 200, 200, 200)),
    ('GET', 'logout'): ('/dang-xuat/', (405, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'logout'): ('/dang-xuat/', (302, 302, 302, 302, 302, 302, 302, 302)),
    ('GET', 'password-change'): ('/doi-mat-khau/', (302, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'password-change'): ('/doi-mat-khau/', (302, 200, 200, 200, 200, 200, 200, 200)),
    ('GET', 'home'): ('/', (200, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'home'): ('/', (405, 405, 405, 405, 405, 405, 405, 405)),
    # The navigation's count of "Việc cần làm" (issue 15): each person's own count; 0 for a visitor.
    ('GET', 'todo-count'): ('/viec-can-lam/so-luong/', (200, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'todo-count'): ('/viec-can-lam/so-luong/', (405, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-detail'): ('/ke-hoach/{campaign}/', (200, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'campaign-detail'): ('/ke-hoach/{campaign}/', (405, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-work-index'): ('/thuc-hien/', (302, 302, 302, 302, 302, 302, 302, 404)),
    ('POST', 'campaign-work-index'): ('/thuc-hien/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-work'): ('/ke-hoach/{campaign}/thuc-hien/', (302, 200, 200, 200, 302, 302, 302, 404)),
    ('POST', 'campaign-work'): ('/ke-hoach/{campaign}/thuc-hien/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-acknowledge'): ('/ke-hoach/{campaign}/xac-nhan/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'campaign-acknowledge'): ('/ke-hoach/{campaign}/xac-nhan/', (302, 302, 302, 302, 404, 404, 404, 404)),
    ('GET', 'campaign-progress'): ('/ke-hoach/{campaign}/noi-dung/{item}/bao-cao/', (302, 200, 200, 200, 404, 404, 404, 404)),
    ('POST', 'campaign-progress'): ('/ke-hoach/{campaign}/noi-dung/{item}/bao-cao/', (302, 400, 400, 400, 404, 404, 404, 404)),
    ('GET', 'campaign-evidence-remove'): ('/ke-hoach/{campaign}/minh-chung/{evidence_a}/go/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'campaign-evidence-remove'): ('/ke-hoach/{campaign}/minh-chung/{evidence_a}/go/', (302, 302, 404, 302, 403, 403, 403, 404)),
    ('GET', 'campaign-evidence'): ('/minh-chung/{evidence_a}/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'campaign-evidence'): ('/minh-chung/{evidence_a}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-unit'): ('/ke-hoach/{campaign}/don-vi/{unit_a}/', (302, 302, 404, 302, 200, 200, 200, 404)),
    ('POST', 'campaign-unit'): ('/ke-hoach/{campaign}/don-vi/{unit_a}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-dashboard-index'): ('/bang-theo-doi/', (302, 403, 403, 403, 302, 302, 302, 403)),
    ('POST', 'campaign-dashboard-index'): ('/bang-theo-doi/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-dashboard'): ('/ke-hoach/{campaign}/bang-theo-doi/', (302, 403, 403, 403, 200, 200, 200, 404)),
    ('POST', 'campaign-dashboard'): ('/ke-hoach/{campaign}/bang-theo-doi/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-export'): ('/ke-hoach/{campaign}/xuat/de-nghi.xlsx', (302, 403, 403, 403, 200, 200, 200, 404)),
    ('POST', 'campaign-export'): ('/ke-hoach/{campaign}/xuat/de-nghi.xlsx', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'province-dashboard'): ('/tinh/bang-theo-doi/', (302, 403, 403, 403, 403, 403, 403, 200)),
    ('POST', 'province-dashboard'): ('/tinh/bang-theo-doi/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'province-dashboard-export'): ('/tinh/bang-theo-doi/xuat.xlsx', (302, 403, 403, 403, 403, 403, 403, 200)),
    ('POST', 'province-dashboard-export'): ('/tinh/bang-theo-doi/xuat.xlsx', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-supervision-index'): ('/giam-sat/', (302, 403, 403, 403, 302, 302, 302, 404)),
    ('POST', 'campaign-supervision-index'): ('/giam-sat/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'campaign-supervision'): ('/ke-hoach/{campaign}/giam-sat/', (302, 403, 403, 403, 200, 200, 200, 404)),
    ('POST', 'campaign-supervision'): ('/ke-hoach/{campaign}/giam-sat/', (302, 403, 403, 403, 403, 400, 403, 404)),
    ('GET', 'campaign-import'): ('/nhap-don-vi-can-bo/', (302, 403, 403, 403, 200, 403, 403, 403)),
    ('POST', 'campaign-import'): ('/nhap-don-vi-can-bo/', (302, 403, 403, 403, 400, 403, 403, 403)),
    ('GET', 'campaign-import-confirm'): ('/nhap-don-vi-can-bo/xac-nhan/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'campaign-import-confirm'): ('/nhap-don-vi-can-bo/xac-nhan/', (302, 403, 403, 403, 302, 403, 403, 403)),
    ('GET', 'campaign-import-template'): ('/nhap-don-vi-can-bo/mau.xlsx', (302, 403, 403, 403, 200, 403, 403, 403)),
    ('POST', 'campaign-import-template'): ('/nhap-don-vi-can-bo/mau.xlsx', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:list'): ('/ho-so/', (302, 200, 200, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:list'): ('/ho-so/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:create'): ('/ho-so/tao-moi/', (302, 200, 200, 200, 403, 403, 403, 404)),
    ('POST', 'dossiers:create'): ('/ho-so/tao-moi/', (302, 200, 200, 200, 403, 403, 403, 404)),
    ('GET', 'dossiers:detail'): ('/ho-so/{dossier_a}/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:detail'): ('/ho-so/{dossier_a}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:upload'): ('/ho-so/{dossier_a}/tai-len/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:upload'): ('/ho-so/{dossier_a}/tai-len/', (302, 400, 404, 400, 403, 403, 403, 404)),
    ('GET', 'dossiers:add-nomination'): ('/ho-so/{dossier_a}/de-nghi/them/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:add-nomination'): ('/ho-so/{dossier_a}/de-nghi/them/', (302, 400, 404, 400, 403, 403, 403, 404)),
    ('GET', 'dossiers:edit-nomination'): ('/ho-so/{dossier_a}/de-nghi/{nomination_a}/sua/', (302, 200, 404, 200, 403, 403, 403, 404)),
    ('POST', 'dossiers:edit-nomination'): ('/ho-so/{dossier_a}/de-nghi/{nomination_a}/sua/', (302, 200, 404, 200, 403, 403, 403, 404)),
    ('GET', 'dossiers:remove-nomination'): ('/ho-so/{dossier_a}/de-nghi/{nomination_a}/xoa/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:remove-nomination'): ('/ho-so/{dossier_a}/de-nghi/{nomination_a}/xoa/', (302, 302, 404, 302, 403, 403, 403, 404)),
    # The review step before submitting (issue 15): dossier A is accepted, so its unit is sent to the receipt; a
    # POST without the confirmation submits nothing (400).
    ('GET', 'dossiers:submit'): ('/ho-so/{dossier_a}/nop/', (302, 302, 404, 302, 403, 403, 403, 404)),
    ('POST', 'dossiers:submit'): ('/ho-so/{dossier_a}/nop/', (302, 400, 404, 400, 403, 403, 403, 404)),
    ('GET', 'dossiers:receipt'): ('/ho-so/{dossier_a}/bien-nhan/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:receipt'): ('/ho-so/{dossier_a}/bien-nhan/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:receipt-pdf'): ('/ho-so/{dossier_a}/bien-nhan.pdf', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:receipt-pdf'): ('/ho-so/{dossier_a}/bien-nhan.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:withdraw'): ('/ho-so/{dossier_a}/rut/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:withdraw'): ('/ho-so/{dossier_a}/rut/', (302, 302, 404, 302, 403, 403, 403, 404)),
    ('GET', 'dossiers:file'): ('/ho-so/tep/{file_a}/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:file'): ('/ho-so/tep/{file_a}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:form'): ('/ho-so/{dossier_a}/mau/cong-van-de-nghi.docx', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:form'): ('/ho-so/{dossier_a}/mau/cong-van-de-nghi.docx', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:nomination-form'): ('/ho-so/{dossier_a}/de-nghi/{nomination_a}/mau/bao-cao-tom-tat-ca-nhan.docx', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:nomination-form'): ('/ho-so/{dossier_a}/de-nghi/{nomination_a}/mau/bao-cao-tom-tat-ca-nhan.docx', (302, 405, 405, 405, 405, 405, 405, 405)),
    # The unit's review meeting (issue 16): the unit head opens, closes, confirms; its staff vote; overseers read.
    ('GET', 'dossiers:meeting-open'): ('/ho-so/{dossier_a}/hop-xet/mo/', (302, 403, 404, 200, 403, 403, 403, 404)),
    ('POST', 'dossiers:meeting-open'): ('/ho-so/{dossier_a}/hop-xet/mo/', (302, 403, 404, 400, 403, 403, 403, 404)),
    ('GET', 'dossiers:meeting'): ('/ho-so/hop-xet/{review_meeting}/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:meeting'): ('/ho-so/hop-xet/{review_meeting}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'dossiers:meeting-vote'): ('/ho-so/hop-xet/{review_meeting}/bo-phieu/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:meeting-vote'): ('/ho-so/hop-xet/{review_meeting}/bo-phieu/', (302, 400, 404, 400, 403, 403, 403, 404)),
    ('GET', 'dossiers:meeting-attendance'): ('/ho-so/hop-xet/{review_meeting}/diem-danh/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:meeting-attendance'): ('/ho-so/hop-xet/{review_meeting}/diem-danh/', (302, 403, 404, 400, 403, 403, 403, 404)),
    ('GET', 'dossiers:meeting-close'): ('/ho-so/hop-xet/{review_meeting}/ket-thuc/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:meeting-close'): ('/ho-so/hop-xet/{review_meeting}/ket-thuc/', (302, 403, 404, 400, 403, 403, 403, 404)),
    ('GET', 'dossiers:meeting-confirm'): ('/ho-so/hop-xet/{review_meeting}/xac-nhan/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'dossiers:meeting-confirm'): ('/ho-so/hop-xet/{review_meeting}/xac-nhan/', (302, 403, 404, 302, 403, 403, 403, 404)),
    ('GET', 'dossiers:meeting-minutes'): ('/ho-so/hop-xet/{review_meeting}/bien-ban.pdf', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'dossiers:meeting-minutes'): ('/ho-so/hop-xet/{review_meeting}/bien-ban.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:publications'): ('/cong-khai/', (302, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'awards:publications'): ('/cong-khai/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:publication'): ('/cong-khai/{publication}/', (302, 200, 200, 200, 200, 200, 200, 404)),
    ('POST', 'awards:publication'): ('/cong-khai/{publication}/', (302, 400, 400, 400, 403, 403, 403, 404)),
    ('GET', 'awards:decisions'): ('/khen-thuong/quyet-dinh/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('POST', 'awards:decisions'): ('/khen-thuong/quyet-dinh/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:decision-create'): ('/khen-thuong/quyet-dinh/lap/{campaign}/', (302, 403, 403, 403, 200, 403, 403, 404)),
    ('POST', 'awards:decision-create'): ('/khen-thuong/quyet-dinh/lap/{campaign}/', (302, 403, 403, 403, 400, 403, 403, 404)),
    ('GET', 'awards:decision'): ('/khen-thuong/quyet-dinh/{decision}/', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:decision'): ('/khen-thuong/quyet-dinh/{decision}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:decision-edit'): ('/khen-thuong/quyet-dinh/{decision}/sua/', (302, 404, 404, 404, 302, 403, 403, 404)),
    ('POST', 'awards:decision-edit'): ('/khen-thuong/quyet-dinh/{decision}/sua/', (302, 404, 404, 404, 302, 403, 403, 404)),
    ('GET', 'awards:decision-sign'): ('/khen-thuong/quyet-dinh/{decision}/ky/', (302, 405, 405, 405, 405, 405, 405, 405)),
    # Signing needs the signer's verified second factor first: an unverified office or Director is sent to “Nhập mã xác thực”.
    ('POST', 'awards:decision-sign'): ('/khen-thuong/quyet-dinh/{decision}/ky/', (302, 404, 404, 404, 302, 403, 302, 404)),
    ('GET', 'awards:decision-pdf'): ('/khen-thuong/quyet-dinh/{decision}/in/quyet-dinh.pdf', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:decision-pdf'): ('/khen-thuong/quyet-dinh/{decision}/in/quyet-dinh.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:decision-certificates'): ('/khen-thuong/quyet-dinh/{decision}/in/giay-khen.pdf', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:decision-certificates'): ('/khen-thuong/quyet-dinh/{decision}/in/giay-khen.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:decision-blank'): ('/khen-thuong/quyet-dinh/{decision}/in/giay-khen-tren-phoi.pdf', (302, 404, 404, 404, 200, 403, 403, 404)),
    ('POST', 'awards:decision-blank'): ('/khen-thuong/quyet-dinh/{decision}/in/giay-khen-tren-phoi.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    # Big print runs (issue 17): the office and the Director start and restart a job (the world's is done, so a start
    # is sent to it and a restart refused with a message: nothing changes); the board follows and downloads.
    ('GET', 'awards:print-job-start'): ('/khen-thuong/quyet-dinh/{decision}/in/bat-dau/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'awards:print-job-start'): ('/khen-thuong/quyet-dinh/{decision}/in/bat-dau/', (302, 404, 404, 404, 302, 403, 302, 404)),
    ('GET', 'awards:print-job'): ('/khen-thuong/ban-in/{print_job}/', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:print-job'): ('/khen-thuong/ban-in/{print_job}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:print-job-progress'): ('/khen-thuong/ban-in/{print_job}/tien-do.json', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:print-job-progress'): ('/khen-thuong/ban-in/{print_job}/tien-do.json', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:print-job-download'): ('/khen-thuong/ban-in/{print_job}/tai-ve.pdf', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:print-job-download'): ('/khen-thuong/ban-in/{print_job}/tai-ve.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:print-job-restart'): ('/khen-thuong/ban-in/{print_job}/in-lai/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'awards:print-job-restart'): ('/khen-thuong/ban-in/{print_job}/in-lai/', (302, 404, 404, 404, 302, 403, 302, 404)),
    ('GET', 'awards:my-certificates'): ('/khen-thuong/giay-khen/', (302, 200, 200, 200, 302, 302, 302, 404)),
    ('POST', 'awards:my-certificates'): ('/khen-thuong/giay-khen/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:certificate'): ('/khen-thuong/giay-khen/{award_a}.pdf', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'awards:certificate'): ('/khen-thuong/giay-khen/{award_a}.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:calibration'): ('/khen-thuong/in-tren-phoi/{agency}/can-chinh.pdf', (302, 404, 404, 404, 200, 403, 403, 404)),
    ('POST', 'awards:calibration'): ('/khen-thuong/in-tren-phoi/{agency}/can-chinh.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:register'): ('/khen-thuong/so-khen-thuong/', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:register'): ('/khen-thuong/so-khen-thuong/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:my-history'): ('/khen-thuong/qua-trinh-khen-thuong/', (302, 302, 302, 302, 404, 404, 404, 404)),
    ('POST', 'awards:my-history'): ('/khen-thuong/qua-trinh-khen-thuong/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:staff-history'): ('/khen-thuong/qua-trinh-khen-thuong/{staff_a_member}/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'awards:staff-history'): ('/khen-thuong/qua-trinh-khen-thuong/{staff_a_member}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:proposal-create'): ('/khen-thuong/to-trinh/lap/{campaign}/', (302, 403, 403, 403, 200, 403, 403, 404)),
    ('POST', 'awards:proposal-create'): ('/khen-thuong/to-trinh/lap/{campaign}/', (302, 403, 403, 403, 400, 403, 403, 404)),
    ('GET', 'awards:proposal'): ('/khen-thuong/to-trinh/{proposal}/', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:proposal'): ('/khen-thuong/to-trinh/{proposal}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:proposal-edit'): ('/khen-thuong/to-trinh/{proposal}/sua/', (302, 404, 404, 404, 200, 403, 403, 404)),
    ('POST', 'awards:proposal-edit'): ('/khen-thuong/to-trinh/{proposal}/sua/', (302, 404, 404, 404, 400, 403, 403, 404)),
    ('GET', 'awards:proposal-sign'): ('/khen-thuong/to-trinh/{proposal}/ky/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'awards:proposal-sign'): ('/khen-thuong/to-trinh/{proposal}/ky/', (302, 404, 404, 404, 302, 403, 302, 404)),
    # The signer's second factor (TOTP): the office and the Director enrol (the world's Director already has a device)
    # and enter a code; an empty code is a 400.
    ('GET', 'awards:otp-enrol'): ('/xac-thuc-hai-lop/', (302, 403, 403, 403, 200, 403, 200, 403)),
    ('POST', 'awards:otp-enrol'): ('/xac-thuc-hai-lop/', (302, 403, 403, 403, 400, 403, 200, 403)),
    ('GET', 'awards:otp-verify'): ('/xac-thuc-hai-lop/nhap-ma/', (302, 403, 403, 403, 200, 403, 200, 403)),
    ('POST', 'awards:otp-verify'): ('/xac-thuc-hai-lop/nhap-ma/', (302, 403, 403, 403, 200, 403, 400, 403)),
    ('GET', 'awards:proposal-pdf'): ('/khen-thuong/to-trinh/{proposal}/in/to-trinh.pdf', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('GET', 'awards:notice'): ('/cong-khai/quyet-dinh/{notice}/', (302, 200, 200, 200, 200, 200, 200, 404)),
    ('POST', 'awards:notice'): ('/cong-khai/quyet-dinh/{notice}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:notice-extend'): ('/cong-khai/quyet-dinh/{notice}/gia-han/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'awards:notice-extend'): ('/cong-khai/quyet-dinh/{notice}/gia-han/', (302, 403, 403, 403, 400, 403, 403, 404)),
    ('GET', 'awards:notice-pdf'): ('/cong-khai/quyet-dinh/{notice}/quyet-dinh.pdf', (302, 200, 200, 200, 200, 200, 200, 404)),
    ('POST', 'awards:notice-pdf'): ('/cong-khai/quyet-dinh/{notice}/quyet-dinh.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    # The public verification page of a Giấy khen (issue 14): no login, the same answer for everyone.
    ('GET', 'verify:certificate'): ('/xac-minh/{award_token}/', (200, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'verify:certificate'): ('/xac-minh/{award_token}/', (200, 200, 200, 200, 200, 200, 200, 200)),
    ('POST', 'awards:proposal-pdf'): ('/khen-thuong/to-trinh/{proposal}/in/to-trinh.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    # The province (issue 11): the steering committee's inbox, answer, outcomes and allocations; the office sends.
    ('GET', 'province:inbox'): ('/tinh/to-trinh/', (302, 404, 404, 404, 404, 404, 404, 200)),
    ('POST', 'province:inbox'): ('/tinh/to-trinh/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'province:proposal'): ('/tinh/to-trinh/{proposal}/', (302, 404, 404, 404, 404, 404, 404, 404)),
    ('POST', 'province:proposal'): ('/tinh/to-trinh/{proposal}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'province:return'): ('/tinh/to-trinh/{proposal}/tra-lai/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'province:return'): ('/tinh/to-trinh/{proposal}/tra-lai/', (302, 404, 404, 404, 404, 404, 404, 404)),
    ('GET', 'province:accept'): ('/tinh/to-trinh/{proposal}/tiep-nhan/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'province:accept'): ('/tinh/to-trinh/{proposal}/tiep-nhan/', (302, 404, 404, 404, 404, 404, 404, 404)),
    ('GET', 'province:outcome'): ('/tinh/to-trinh/{proposal}/ket-qua/{approval_p}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'province:outcome'): ('/tinh/to-trinh/{proposal}/ket-qua/{approval_p}/', (302, 404, 404, 404, 404, 404, 404, 404)),
    ('GET', 'province:allocations'): ('/tinh/phan-bo/', (302, 404, 404, 404, 404, 404, 404, 200)),
    ('POST', 'province:allocations'): ('/tinh/phan-bo/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'province:allocation-set'): ('/tinh/phan-bo/{plan}/{agency}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'province:allocation-set'): ('/tinh/phan-bo/{plan}/{agency}/', (302, 404, 404, 404, 404, 404, 404, 400)),
    ('GET', 'province:send'): ('/tinh/co-quan/to-trinh/{proposal}/gui/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'province:send'): ('/tinh/co-quan/to-trinh/{proposal}/gui/', (302, 404, 404, 404, 302, 403, 403, 404)),
    ('GET', 'province:reopen'): ('/tinh/co-quan/to-trinh/{proposal}/mo-lai/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'province:reopen'): ('/tinh/co-quan/to-trinh/{proposal}/mo-lai/', (302, 404, 404, 404, 302, 403, 403, 404)),
    # Emulation (issue 16): pledges, scores, the ranking.
    ('GET', 'emulation:index'): ('/thi-dua/', (302, 302, 302, 302, 302, 302, 302, 404)),
    ('POST', 'emulation:index'): ('/thi-dua/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:pledges'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/', (302, 200, 200, 200, 302, 302, 302, 404)),
    ('POST', 'emulation:pledges'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/', (302, 400, 400, 400, 302, 302, 302, 404)),
    ('GET', 'emulation:person-pledge'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/ca-nhan/{staff_a_member}/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'emulation:person-pledge'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/ca-nhan/{staff_a_member}/', (302, 400, 404, 400, 403, 403, 403, 404)),
    ('GET', 'emulation:register'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/tong-hop/', (302, 403, 403, 403, 200, 200, 200, 404)),
    ('POST', 'emulation:register'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/tong-hop/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:unit-pledges'): ('/thi-dua/ke-hoach/{campaign}/don-vi/{unit_a}/dang-ky/', (302, 302, 403, 302, 200, 200, 200, 404)),
    ('POST', 'emulation:unit-pledges'): ('/thi-dua/ke-hoach/{campaign}/don-vi/{unit_a}/dang-ky/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:import'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/nhap/', (302, 200, 200, 200, 404, 404, 404, 404)),
    ('POST', 'emulation:import'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/nhap/', (302, 400, 400, 400, 404, 404, 404, 404)),
    ('GET', 'emulation:import-confirm'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/nhap/xac-nhan/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'emulation:import-confirm'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/nhap/xac-nhan/', (302, 302, 302, 302, 404, 404, 404, 404)),
    ('GET', 'emulation:import-template'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/nhap/mau.xlsx', (302, 200, 200, 200, 404, 404, 404, 404)),
    ('POST', 'emulation:import-template'): ('/thi-dua/ke-hoach/{campaign}/dang-ky/nhap/mau.xlsx', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:scores'): ('/thi-dua/ke-hoach/{campaign}/cham-diem/', (302, 200, 200, 200, 302, 302, 302, 404)),
    ('POST', 'emulation:scores'): ('/thi-dua/ke-hoach/{campaign}/cham-diem/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:score'): ('/thi-dua/ke-hoach/{campaign}/cham-diem/{criterion}/', (302, 200, 200, 200, 404, 404, 404, 404)),
    ('POST', 'emulation:score'): ('/thi-dua/ke-hoach/{campaign}/cham-diem/{criterion}/', (302, 400, 400, 400, 404, 404, 404, 404)),
    ('GET', 'emulation:score-file'): ('/thi-dua/diem/{score_a}/minh-chung/', (302, 200, 404, 200, 200, 200, 200, 404)),
    ('POST', 'emulation:score-file'): ('/thi-dua/diem/{score_a}/minh-chung/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:ranking'): ('/thi-dua/ke-hoach/{campaign}/xep-hang/', (302, 403, 403, 403, 200, 200, 200, 404)),
    ('POST', 'emulation:ranking'): ('/thi-dua/ke-hoach/{campaign}/xep-hang/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:ranking-export'): ('/thi-dua/ke-hoach/{campaign}/xep-hang.xlsx', (302, 403, 403, 403, 200, 200, 200, 404)),
    ('POST', 'emulation:ranking-export'): ('/thi-dua/ke-hoach/{campaign}/xep-hang.xlsx', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'emulation:unit-scores'): ('/thi-dua/ke-hoach/{campaign}/don-vi/{unit_a}/diem/', (302, 403, 403, 403, 200, 200, 200, 404)),
    ('POST', 'emulation:unit-scores'): ('/thi-dua/ke-hoach/{campaign}/don-vi/{unit_a}/diem/', (302, 403, 403, 403, 400, 403, 403, 404)),
    # The council's e-ballots (issue 14): the office opens and closes; members present vote; office, board, Director read
    # and print the minutes. The world's ballot is closed and secret; none of the roles is a member present.
    ('GET', 'awards:council-ballots'): ('/hoi-dong/bieu-quyet/', (302, 200, 200, 200, 200, 200, 200, 403)),
    ('POST', 'awards:council-ballots'): ('/hoi-dong/bieu-quyet/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:council-ballot-open'): ('/hoi-dong/phien-hop/{meeting}/mo-bieu-quyet/', (302, 404, 404, 404, 200, 403, 403, 404)),
    ('POST', 'awards:council-ballot-open'): ('/hoi-dong/phien-hop/{meeting}/mo-bieu-quyet/', (302, 404, 404, 404, 400, 403, 403, 404)),
    ('GET', 'awards:council-ballot'): ('/hoi-dong/bieu-quyet/{council_ballot}/', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:council-ballot'): ('/hoi-dong/bieu-quyet/{council_ballot}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'awards:council-ballot-vote'): ('/hoi-dong/bieu-quyet/{council_ballot}/bo-phieu/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'awards:council-ballot-vote'): ('/hoi-dong/bieu-quyet/{council_ballot}/bo-phieu/', (302, 404, 404, 404, 403, 403, 403, 404)),
    ('GET', 'awards:council-ballot-close'): ('/hoi-dong/bieu-quyet/{council_ballot}/ket-thuc/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'awards:council-ballot-close'): ('/hoi-dong/bieu-quyet/{council_ballot}/ket-thuc/', (302, 404, 404, 404, 302, 403, 403, 404)),
    ('GET', 'awards:council-ballot-minutes'): ('/hoi-dong/bieu-quyet/{council_ballot}/bien-ban.pdf', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'awards:council-ballot-minutes'): ('/hoi-dong/bieu-quyet/{council_ballot}/bien-ban.pdf', (302, 405, 405, 405, 405, 405, 405, 405)),
    # The inspection board's recommendations (issue 14): the board files, the Director answers, overseers read.
    ('GET', 'recommendations:list'): ('/kien-nghi/', (302, 403, 403, 403, 200, 200, 200, 403)),
    ('POST', 'recommendations:list'): ('/kien-nghi/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'recommendations:create'): ('/kien-nghi/gui/', (302, 403, 403, 403, 403, 200, 403, 403)),
    ('POST', 'recommendations:create'): ('/kien-nghi/gui/', (302, 403, 403, 403, 403, 400, 403, 403)),
    ('GET', 'recommendations:detail'): ('/kien-nghi/{recommendation}/', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'recommendations:detail'): ('/kien-nghi/{recommendation}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('GET', 'recommendations:answer'): ('/kien-nghi/{recommendation}/tra-loi/', (302, 405, 405, 405, 405, 405, 405, 405)),
    ('POST', 'recommendations:answer'): ('/kien-nghi/{recommendation}/tra-loi/', (302, 404, 404, 404, 403, 403, 400, 404)),
    ('GET', 'recommendations:file'): ('/kien-nghi/tep/{recommendation_file}/', (302, 404, 404, 404, 200, 200, 200, 404)),
    ('POST', 'recommendations:file'): ('/kien-nghi/tep/{recommendation_file}/', (302, 405, 405, 405, 405, 405, 405, 405)),
    # The admin: each registered model's pages (change, history and delete on an object of the world).
    ('GET', 'admin:auth.group:changelist'): ('/quan-tri/auth/group/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.group:add'): ('/quan-tri/auth/group/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.group:change'): ('/quan-tri/auth/group/{obj}/change/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.group:history'): ('/quan-tri/auth/group/{obj}/history/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.group:delete'): ('/quan-tri/auth/group/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.user:changelist'): ('/quan-tri/auth/user/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.user:add'): ('/quan-tri/auth/user/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.user:change'): ('/quan-tri/auth/user/{obj}/change/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.user:history'): ('/quan-tri/auth/user/{obj}/history/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:auth.user:delete'): ('/quan-tri/auth/user/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:axes.accessattempt:changelist'): ('/quan-tri/axes/accessattempt/', (302, 302, 302, 302, 200, 403, 403, 403)),
    # The signers' TOTP devices: the office sees its people's and removes one (recovery); nobody adds or edits one.
    ('GET', 'admin:otp_totp.totpdevice:changelist'): ('/quan-tri/otp_totp/totpdevice/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:otp_totp.totpdevice:add'): ('/quan-tri/otp_totp/totpdevice/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:otp_totp.totpdevice:change'): ('/quan-tri/otp_totp/totpdevice/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:otp_totp.totpdevice:history'): ('/quan-tri/otp_totp/totpdevice/{obj}/history/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('GET', 'admin:otp_totp.totpdevice:delete'): ('/quan-tri/otp_totp/totpdevice/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:app_list:otp_totp'): ('/quan-tri/otp_totp/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('ACTION', 'admin:otp_totp.totpdevice:delete_selected'): ('/quan-tri/otp_totp/totpdevice/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessattempt:add'): ('/quan-tri/axes/accessattempt/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:axes.accesslog:changelist'): ('/quan-tri/axes/accesslog/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accesslog:add'): ('/quan-tri/axes/accesslog/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:axes.accesslog:change'): ('/quan-tri/axes/accesslog/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accesslog:history'): ('/quan-tri/axes/accesslog/{obj}/history/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accesslog:delete'): ('/quan-tri/axes/accesslog/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:axes.accessfailurelog:changelist'): ('/quan-tri/axes/accessfailurelog/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessfailurelog:add'): ('/quan-tri/axes/accessfailurelog/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.agency:changelist'): ('/quan-tri/campaign/agency/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.agency:add'): ('/quan-tri/campaign/agency/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.agency:change'): ('/quan-tri/campaign/agency/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.agency:history'): ('/quan-tri/campaign/agency/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:campaign.agency:delete'): ('/quan-tri/campaign/agency/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.membership:changelist'): ('/quan-tri/campaign/membership/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.membership:add'): ('/quan-tri/campaign/membership/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.membership:change'): ('/quan-tri/campaign/membership/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.membership:history'): ('/quan-tri/campaign/membership/{obj}/history/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('GET', 'admin:campaign.membership:delete'): ('/quan-tri/campaign/membership/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.campaign:changelist'): ('/quan-tri/campaign/campaign/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.campaign:add'): ('/quan-tri/campaign/campaign/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.campaign:change'): ('/quan-tri/campaign/campaign/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.campaign:history'): ('/quan-tri/campaign/campaign/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:campaign.campaign:delete'): ('/quan-tri/campaign/campaign/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.unit:changelist'): ('/quan-tri/campaign/unit/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.unit:add'): ('/quan-tri/campaign/unit/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.unit:change'): ('/quan-tri/campaign/unit/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.unit:history'): ('/quan-tri/campaign/unit/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:campaign.unit:delete'): ('/quan-tri/campaign/unit/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.staffmember:changelist'): ('/quan-tri/campaign/staffmember/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.staffmember:add'): ('/quan-tri/campaign/staffmember/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.staffmember:change'): ('/quan-tri/campaign/staffmember/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.staffmember:history'): ('/quan-tri/campaign/staffmember/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:campaign.staffmember:delete'): ('/quan-tri/campaign/staffmember/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    # Logins of the agency's staff (campaign/accounts_admin.py): the office's.
    ('GET', 'admin:campaign_staffmember_login'): ('/quan-tri/campaign/staffmember/{staff_a_member}/tai-khoan/', (302, 302, 302, 302, 200, 403, 403, 404)),
    ('POST', 'admin:campaign_staffmember_login'): ('/quan-tri/campaign/staffmember/{staff_a_member}/tai-khoan/', (302, 302, 302, 302, 200, 403, 403, 404)),
    ('GET', 'admin:campaign.board:changelist'): ('/quan-tri/campaign/board/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.board:add'): ('/quan-tri/campaign/board/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.board:change'): ('/quan-tri/campaign/board/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.board:history'): ('/quan-tri/campaign/board/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:campaign.board:delete'): ('/quan-tri/campaign/board/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.acknowledgement:changelist'): ('/quan-tri/campaign/acknowledgement/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.acknowledgement:add'): ('/quan-tri/campaign/acknowledgement/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.progressreport:changelist'): ('/quan-tri/campaign/progressreport/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.progressreport:add'): ('/quan-tri/campaign/progressreport/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.progressreport:change'): ('/quan-tri/campaign/progressreport/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.progressreport:history'): ('/quan-tri/campaign/progressreport/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:campaign.progressreport:delete'): ('/quan-tri/campaign/progressreport/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.supervisionreport:changelist'): ('/quan-tri/campaign/supervisionreport/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.supervisionreport:add'): ('/quan-tri/campaign/supervisionreport/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.supervisionreport:change'): ('/quan-tri/campaign/supervisionreport/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.supervisionreport:history'): ('/quan-tri/campaign/supervisionreport/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:campaign.supervisionreport:delete'): ('/quan-tri/campaign/supervisionreport/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:dossiers.dossier:changelist'): ('/quan-tri/dossiers/dossier/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:dossiers.dossier:add'): ('/quan-tri/dossiers/dossier/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:dossiers.dossier:change'): ('/quan-tri/dossiers/dossier/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:dossiers.dossier:history'): ('/quan-tri/dossiers/dossier/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:dossiers.dossier:delete'): ('/quan-tri/dossiers/dossier/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:dossiers.reviewmeeting:changelist'): ('/quan-tri/dossiers/reviewmeeting/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:dossiers.reviewmeeting:add'): ('/quan-tri/dossiers/reviewmeeting/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:dossiers.reviewmeeting:change'): ('/quan-tri/dossiers/reviewmeeting/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:dossiers.reviewmeeting:history'): ('/quan-tri/dossiers/reviewmeeting/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:dossiers.reviewmeeting:delete'): ('/quan-tri/dossiers/reviewmeeting/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:dossiers.formtemplate:changelist'): ('/quan-tri/dossiers/formtemplate/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:dossiers.formtemplate:add'): ('/quan-tri/dossiers/formtemplate/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:dossiers.formtemplate:change'): ('/quan-tri/dossiers/formtemplate/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:dossiers.formtemplate:history'): ('/quan-tri/dossiers/formtemplate/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:dossiers.formtemplate:delete'): ('/quan-tri/dossiers/formtemplate/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    # The outbox (issue 15): the office reads and resends, the board reads; templates are the office's.
    ('GET', 'admin:mail.outgoingmail:changelist'): ('/quan-tri/mail/outgoingmail/', (302, 302, 302, 302, 200, 200, 403, 403)),
    ('GET', 'admin:mail.outgoingmail:add'): ('/quan-tri/mail/outgoingmail/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:mail.outgoingmail:change'): ('/quan-tri/mail/outgoingmail/{obj}/change/', (302, 302, 302, 302, 200, 200, 403, 403)),
    ('GET', 'admin:mail.outgoingmail:history'): ('/quan-tri/mail/outgoingmail/{obj}/history/', (302, 302, 302, 302, 200, 200, 403, 302)),
    ('GET', 'admin:mail.outgoingmail:delete'): ('/quan-tri/mail/outgoingmail/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:mail.mailtemplate:changelist'): ('/quan-tri/mail/mailtemplate/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:mail.mailtemplate:add'): ('/quan-tri/mail/mailtemplate/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:mail.mailtemplate:change'): ('/quan-tri/mail/mailtemplate/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:mail.mailtemplate:history'): ('/quan-tri/mail/mailtemplate/{obj}/history/', (302, 302, 302, 302, 200, 403, 403, 302)),
    ('GET', 'admin:mail.mailtemplate:delete'): ('/quan-tri/mail/mailtemplate/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.councilmeeting:changelist'): ('/quan-tri/awards/councilmeeting/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.councilmeeting:add'): ('/quan-tri/awards/councilmeeting/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards.councilmeeting:change'): ('/quan-tri/awards/councilmeeting/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.councilmeeting:history'): ('/quan-tri/awards/councilmeeting/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards.councilmeeting:delete'): ('/quan-tri/awards/councilmeeting/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards.councilballot:changelist'): ('/quan-tri/awards/councilballot/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.councilballot:add'): ('/quan-tri/awards/councilballot/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.councilballot:change'): ('/quan-tri/awards/councilballot/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.councilballot:history'): ('/quan-tri/awards/councilballot/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards.councilballot:delete'): ('/quan-tri/awards/councilballot/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.approval:changelist'): ('/quan-tri/awards/approval/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.approval:add'): ('/quan-tri/awards/approval/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.approval:change'): ('/quan-tri/awards/approval/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.approval:history'): ('/quan-tri/awards/approval/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards.approval:delete'): ('/quan-tri/awards/approval/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.publication:changelist'): ('/quan-tri/awards/publication/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.publication:add'): ('/quan-tri/awards/publication/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.publication:change'): ('/quan-tri/awards/publication/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.publication:history'): ('/quan-tri/awards/publication/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards.publication:delete'): ('/quan-tri/awards/publication/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.feedback:changelist'): ('/quan-tri/awards/feedback/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.feedback:add'): ('/quan-tri/awards/feedback/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.awarddecision:changelist'): ('/quan-tri/awards/awarddecision/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.awarddecision:add'): ('/quan-tri/awards/awarddecision/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards.awarddecision:change'): ('/quan-tri/awards/awarddecision/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.awarddecision:history'): ('/quan-tri/awards/awarddecision/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards.awarddecision:delete'): ('/quan-tri/awards/awarddecision/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.provincialproposal:changelist'): ('/quan-tri/awards/provincialproposal/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.provincialproposal:add'): ('/quan-tri/awards/provincialproposal/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards.provincialproposal:change'): ('/quan-tri/awards/provincialproposal/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.provincialproposal:history'): ('/quan-tri/awards/provincialproposal/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards.provincialproposal:delete'): ('/quan-tri/awards/provincialproposal/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards.certificatelayout:changelist'): ('/quan-tri/awards/certificatelayout/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.decisionamendment:changelist'): ('/quan-tri/awards/decisionamendment/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.decisionamendment:add'): ('/quan-tri/awards/decisionamendment/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards.decisionamendment:change'): ('/quan-tri/awards/decisionamendment/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.decisionamendment:history'): ('/quan-tri/awards/decisionamendment/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards.decisionamendment:delete'): ('/quan-tri/awards/decisionamendment/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.certificatelayout:add'): ('/quan-tri/awards/certificatelayout/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.nonworkingday:changelist'): ('/quan-tri/campaign/nonworkingday/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.nonworkingday:add'): ('/quan-tri/campaign/nonworkingday/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:campaign.nonworkingday:change'): ('/quan-tri/campaign/nonworkingday/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.nonworkingday:history'): ('/quan-tri/campaign/nonworkingday/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:campaign.nonworkingday:delete'): ('/quan-tri/campaign/nonworkingday/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessfailurelog:change'): ('/quan-tri/axes/accessfailurelog/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessfailurelog:history'): ('/quan-tri/axes/accessfailurelog/{obj}/history/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessfailurelog:delete'): ('/quan-tri/axes/accessfailurelog/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.acknowledgement:change'): ('/quan-tri/campaign/acknowledgement/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.acknowledgement:history'): ('/quan-tri/campaign/acknowledgement/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:campaign.acknowledgement:delete'): ('/quan-tri/campaign/acknowledgement/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards.feedback:change'): ('/quan-tri/awards/feedback/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.feedback:history'): ('/quan-tri/awards/feedback/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:awards.feedback:delete'): ('/quan-tri/awards/feedback/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:awards.certificatelayout:change'): ('/quan-tri/awards/certificatelayout/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:awards.certificatelayout:history'): ('/quan-tri/awards/certificatelayout/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 302)),
    ('GET', 'admin:awards.certificatelayout:delete'): ('/quan-tri/awards/certificatelayout/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessattempt:change'): ('/quan-tri/axes/accessattempt/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessattempt:history'): ('/quan-tri/axes/accessattempt/{obj}/history/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:axes.accessattempt:delete'): ('/quan-tri/axes/accessattempt/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:emulation.emulationsettings:changelist'): ('/quan-tri/emulation/emulationsettings/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.emulationsettings:add'): ('/quan-tri/emulation/emulationsettings/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:emulation.emulationsettings:change'): ('/quan-tri/emulation/emulationsettings/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.emulationsettings:history'): ('/quan-tri/emulation/emulationsettings/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:emulation.emulationsettings:delete'): ('/quan-tri/emulation/emulationsettings/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:emulation.criterion:changelist'): ('/quan-tri/emulation/criterion/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.criterion:add'): ('/quan-tri/emulation/criterion/add/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:emulation.criterion:change'): ('/quan-tri/emulation/criterion/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.criterion:history'): ('/quan-tri/emulation/criterion/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:emulation.criterion:delete'): ('/quan-tri/emulation/criterion/{obj}/delete/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:emulation.pledge:changelist'): ('/quan-tri/emulation/pledge/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.pledge:add'): ('/quan-tri/emulation/pledge/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:emulation.pledge:change'): ('/quan-tri/emulation/pledge/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.pledge:history'): ('/quan-tri/emulation/pledge/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:emulation.pledge:delete'): ('/quan-tri/emulation/pledge/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:emulation.score:changelist'): ('/quan-tri/emulation/score/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.score:add'): ('/quan-tri/emulation/score/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:emulation.score:change'): ('/quan-tri/emulation/score/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:emulation.score:history'): ('/quan-tri/emulation/score/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:emulation.score:delete'): ('/quan-tri/emulation/score/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    # The province in the admin (issue 11): the administrator sets it up, the committee keeps its plans.
    ('GET', 'admin:campaign.province:changelist'): ('/quan-tri/campaign/province/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.province:add'): ('/quan-tri/campaign/province/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.province:change'): ('/quan-tri/campaign/province/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.province:history'): ('/quan-tri/campaign/province/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.province:delete'): ('/quan-tri/campaign/province/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.provincialplan:changelist'): ('/quan-tri/campaign/provincialplan/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.provincialplan:add'): ('/quan-tri/campaign/provincialplan/add/', (302, 302, 302, 302, 403, 403, 403, 200)),
    ('GET', 'admin:campaign.provincialplan:change'): ('/quan-tri/campaign/provincialplan/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.provincialplan:history'): ('/quan-tri/campaign/provincialplan/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.provincialplan:delete'): ('/quan-tri/campaign/provincialplan/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 200)),
    ('GET', 'admin:campaign.committeemembership:changelist'): ('/quan-tri/campaign/committeemembership/', (302, 302, 302, 302, 403, 403, 403, 200)),
    ('GET', 'admin:campaign.committeemembership:add'): ('/quan-tri/campaign/committeemembership/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.committeemembership:change'): ('/quan-tri/campaign/committeemembership/{obj}/change/', (302, 302, 302, 302, 403, 403, 403, 200)),
    ('GET', 'admin:campaign.committeemembership:history'): ('/quan-tri/campaign/committeemembership/{obj}/history/', (302, 302, 302, 302, 404, 404, 404, 200)),
    ('GET', 'admin:campaign.committeemembership:delete'): ('/quan-tri/campaign/committeemembership/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.allocation:changelist'): ('/quan-tri/campaign/allocation/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.allocation:add'): ('/quan-tri/campaign/allocation/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.allocation:change'): ('/quan-tri/campaign/allocation/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.allocation:history'): ('/quan-tri/campaign/allocation/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:campaign.allocation:delete'): ('/quan-tri/campaign/allocation/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    # The law by date (legal/): the deployment's administrator keeps it, offices read it.
    ('GET', 'admin:legal.legalregime:changelist'): ('/quan-tri/legal/legalregime/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:legal.legalregime:add'): ('/quan-tri/legal/legalregime/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:legal.legalregime:change'): ('/quan-tri/legal/legalregime/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:legal.legalregime:history'): ('/quan-tri/legal/legalregime/{obj}/history/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('GET', 'admin:legal.legalregime:delete'): ('/quan-tri/legal/legalregime/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:legal.legaltext:changelist'): ('/quan-tri/legal/legaltext/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:legal.legaltext:add'): ('/quan-tri/legal/legaltext/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:legal.legaltext:change'): ('/quan-tri/legal/legaltext/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:legal.legaltext:history'): ('/quan-tri/legal/legaltext/{obj}/history/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('GET', 'admin:legal.legaltext:delete'): ('/quan-tri/legal/legaltext/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:legal.basesalary:changelist'): ('/quan-tri/legal/basesalary/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:legal.basesalary:add'): ('/quan-tri/legal/basesalary/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:legal.basesalary:change'): ('/quan-tri/legal/basesalary/{obj}/change/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:legal.basesalary:history'): ('/quan-tri/legal/basesalary/{obj}/history/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('GET', 'admin:legal.basesalary:delete'): ('/quan-tri/legal/basesalary/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.recommendation:changelist'): ('/quan-tri/campaign/recommendation/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.recommendation:add'): ('/quan-tri/campaign/recommendation/add/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('GET', 'admin:campaign.recommendation:change'): ('/quan-tri/campaign/recommendation/{obj}/change/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('GET', 'admin:campaign.recommendation:history'): ('/quan-tri/campaign/recommendation/{obj}/history/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:campaign.recommendation:delete'): ('/quan-tri/campaign/recommendation/{obj}/delete/', (302, 302, 302, 302, 403, 403, 403, 403)),
    # The admin site's own pages and the office's custom admin pages.
    ('GET', 'admin:index'): ('/quan-tri/', (302, 302, 302, 302, 200, 200, 200, 200)),
    # One's own password is changed on the portal's page (campaign/passwords.py); the admin's link leads there.
    ('GET', 'admin:password_change'): ('/quan-tri/password_change/', (302, 302, 302, 302, 302, 302, 302, 302)),
    ('GET', 'admin:app_list:campaign'): ('/quan-tri/campaign/', (302, 302, 302, 302, 200, 200, 200, 200)),
    ('GET', 'admin:app_list:dossiers'): ('/quan-tri/dossiers/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:app_list:awards'): ('/quan-tri/awards/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:app_list:axes'): ('/quan-tri/axes/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('GET', 'admin:app_list:auth'): ('/quan-tri/auth/', (302, 302, 302, 302, 404, 404, 404, 404)),
    ('GET', 'admin:dossiers_dossier_step'): ('/quan-tri/dossiers/dossier/{dossier_a}/xu-ly/accept/', (302, 302, 302, 302, 200, 403, 403, 404)),
    ('GET', 'admin:dossiers_formtemplate_default'): ('/quan-tri/dossiers/formtemplate/mac-dinh/2023/cong-van-de-nghi.docx', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('GET', 'admin:awards_vote_grid'): ('/quan-tri/awards/councilmeeting/{meeting}/bieu-quyet/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards_dashboard'): ('/quan-tri/awards/approval/tong-hop/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:awards_shortlist'): ('/quan-tri/awards/approval/xet-duyet/{campaign}/grassroots/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:app_list:legal'): ('/quan-tri/legal/', (302, 302, 302, 302, 200, 404, 404, 404)),
    ('GET', 'admin:campaign_campaign_next_plan'): ('/quan-tri/campaign/campaign/{campaign}/ke-hoach-moi/', (302, 302, 302, 302, 200, 403, 403, 404)),
    ('GET', 'admin:emulation_pledge_register'): ('/quan-tri/emulation/pledge/dang-ky/{campaign}/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:app_list:emulation'): ('/quan-tri/emulation/', (302, 302, 302, 302, 200, 200, 200, 404)),
    ('GET', 'admin:app_list:mail'): ('/quan-tri/mail/', (302, 302, 302, 302, 200, 200, 404, 404)),
    # Every admin action, run on an object of the world (intermediate pages ask before acting).
    ('ACTION', 'admin:auth.group:delete_selected'): ('/quan-tri/auth/group/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('ACTION', 'admin:auth.user:delete_selected'): ('/quan-tri/auth/user/', (302, 302, 302, 302, 403, 403, 403, 403)),
    ('ACTION', 'admin:axes.accesslog:delete_selected'): ('/quan-tri/axes/accesslog/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('ACTION', 'admin:campaign.committeemembership:delete_selected'): ('/quan-tri/campaign/committeemembership/', (302, 302, 302, 302, 403, 403, 403, 200)),
    ('ACTION', 'admin:campaign.agency:delete_selected'): ('/quan-tri/campaign/agency/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:campaign.membership:delete_selected'): ('/quan-tri/campaign/membership/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('ACTION', 'admin:campaign.campaign:delete_selected'): ('/quan-tri/campaign/campaign/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:campaign.unit:delete_selected'): ('/quan-tri/campaign/unit/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:campaign.staffmember:delete_selected'): ('/quan-tri/campaign/staffmember/', (302, 302, 302, 302, 200, 200, 200, 403)),
    # The board and the Director see the list but are not offered the action (the list again, with Django's note).
    ('ACTION', 'admin:campaign.staffmember:issue_logins_action'): ('/quan-tri/campaign/staffmember/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:campaign.board:delete_selected'): ('/quan-tri/campaign/board/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:campaign.progressreport:delete_selected'): ('/quan-tri/campaign/progressreport/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:campaign.supervisionreport:delete_selected'): ('/quan-tri/campaign/supervisionreport/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:dossiers.dossier:accept'): ('/quan-tri/dossiers/dossier/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:dossiers.dossier:reject'): ('/quan-tri/dossiers/dossier/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:dossiers.dossier:request_supplement'): ('/quan-tri/dossiers/dossier/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:dossiers.formtemplate:delete_selected'): ('/quan-tri/dossiers/formtemplate/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:mail.outgoingmail:resend_action'): ('/quan-tri/mail/outgoingmail/', (302, 302, 302, 302, 302, 200, 403, 403)),
    ('ACTION', 'admin:mail.mailtemplate:restore_default_action'): ('/quan-tri/mail/mailtemplate/', (302, 302, 302, 302, 302, 403, 403, 403)),
    ('ACTION', 'admin:awards.councilmeeting:delete_selected'): ('/quan-tri/awards/councilmeeting/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:awards.awarddecision:delete_selected'): ('/quan-tri/awards/awarddecision/', (302, 302, 302, 302, 200, 302, 302, 403)),
    ('ACTION', 'admin:awards.awarddecision:sign_action'): ('/quan-tri/awards/awarddecision/', (302, 302, 302, 302, 302, 302, 302, 403)),
    ('ACTION', 'admin:awards.awarddecision:print_decision_action'): ('/quan-tri/awards/awarddecision/', (302, 302, 302, 302, 302, 302, 302, 403)),
    ('ACTION', 'admin:awards.awarddecision:print_certificates_action'): ('/quan-tri/awards/awarddecision/', (302, 302, 302, 302, 302, 302, 302, 403)),
    ('ACTION', 'admin:awards.awarddecision:print_certificates_a3_action'): ('/quan-tri/awards/awarddecision/', (302, 302, 302, 302, 302, 302, 302, 403)),
    ('ACTION', 'admin:awards.provincialproposal:delete_selected'): ('/quan-tri/awards/provincialproposal/', (302, 302, 302, 302, 200, 302, 302, 403)),
    ('ACTION', 'admin:awards.provincialproposal:sign_action'): ('/quan-tri/awards/provincialproposal/', (302, 302, 302, 302, 302, 302, 302, 403)),
    ('ACTION', 'admin:awards.provincialproposal:print_action'): ('/quan-tri/awards/provincialproposal/', (302, 302, 302, 302, 302, 302, 302, 403)),
    ('ACTION', 'admin:axes.accessfailurelog:delete_selected'): ('/quan-tri/axes/accessfailurelog/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('ACTION', 'admin:campaign.acknowledgement:delete_selected'): ('/quan-tri/campaign/acknowledgement/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:awards.certificatelayout:delete_selected'): ('/quan-tri/awards/certificatelayout/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:campaign.nonworkingday:delete_selected'): ('/quan-tri/campaign/nonworkingday/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:axes.accessattempt:delete_selected'): ('/quan-tri/axes/accessattempt/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('ACTION', 'admin:legal.legalregime:delete_selected'): ('/quan-tri/legal/legalregime/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('ACTION', 'admin:legal.legaltext:delete_selected'): ('/quan-tri/legal/legaltext/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('ACTION', 'admin:legal.basesalary:delete_selected'): ('/quan-tri/legal/basesalary/', (302, 302, 302, 302, 200, 403, 403, 403)),
    ('ACTION', 'admin:emulation.emulationsettings:delete_selected'): ('/quan-tri/emulation/emulationsettings/', (302, 302, 302, 302, 200, 200, 200, 403)),
    ('ACTION', 'admin:emulation.criterion:delete_selected'): ('/quan-tri/emulation/criterion/', (302, 302, 302, 302, 200, 200, 200, 403)),
}

def _portal_url_names(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _portal_url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _custom_admin_url_names():
    standard = ("_changelist", "_add", "_change", "_delete", "_history", "_autocomplete")
    for model_admin in admin.site._registry.values():
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if name and not name.endswith(standard):
                yield name


def _admin_actions(superuser):
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        for action in model_admin.get_actions(request):
            yield f"admin:{model._meta.label_lower}:{action}"


def test_the_table_covers_every_url_admin_page_and_action(admin_user):
    keys = {name for _, name in EXPECTED}
    missing = [f"GET/POST {name}" for name in _portal_url_names() if ("GET", name) not in EXPECTED
               or ("POST", name) not in EXPECTED]
    for model in admin.site._registry:
        for page in ("changelist", "add"):
            if f"admin:{model._meta.label_lower}:{page}" not in keys:
                missing.append(f"admin page {model._meta.label_lower}:{page}")
    missing += [f"custom admin page {name}" for name in _custom_admin_url_names() if f"admin:{name}" not in keys]
    missing += [f"admin action {key}" for key in _admin_actions(admin_user) if ("ACTION", key) not in EXPECTED]
    assert missing == []


def _snapshot():
    # Issued PDFs are stored at their first print (a reprint is the same document): printing adds them. Opening a published
    # decision records who opened it (Law 10/2022). An issued PDF is chained to the campaign's tamper-evident record
    # (a link), and the supervision page keeps its last verification of that record on the chain's head (issue 14).
    return {model._meta.label_lower: model._default_manager.count() for model in apps.get_models()
            if model._meta.app_label in ("campaign", "dossiers", "awards")
            and model._meta.label_lower not in ("awards.issueddocument", "awards.noticeview", "campaign.recordlink",
                                                "campaign.recordchain")}


def table_urls(world) -> dict[tuple[str, str], str]:
    """Each row of the table as a URL in `world`: the world's ids filled in, and for a model's page its first
    object (every model page of the table has one to open, or the row would not be in the table)."""
    objects = {}
    for (_method, name), (path, _) in EXPECTED.items():
        if name.startswith("admin:") and "{obj}" in path:
            objects[name] = apps.get_model(name.split(":")[1]).objects.first().pk
    return {key: path.format(**world.ids, obj=objects.get(key[1], "")) for key, (path, _) in EXPECTED.items()}


def test_every_role_gets_what_the_table_says(client, make_pdf):
    world = build_world(make_pdf)
    urls = table_urls(world)
    before = _snapshot()
    answers = {}
    sessions = FreshSessions(client)
    for (method, name), _ in EXPECTED.items():
        url = urls[(method, name)]
        row = []
        for role in ROLES:
            sessions.sign_in(world.users[role])
            if method == "GET":
                response = client.get(url)
            elif method == "POST":
                response = client.post(url, {})
            else:  # an admin action on the first object, without confirming an intermediate page
                model = apps.get_model(name.split(":")[1])
                response = client.post(url, {"action": name.split(":")[2], "index": 0,
                                             "_selected_action": [model.objects.first().pk]})
            row.append(response.status_code)
        answers[(method, name)] = tuple(row)
    expected = {key: statuses for key, (_, statuses) in EXPECTED.items()}
    differences = {key: (expected[key], answers[key]) for key in expected if answers[key] != expected[key]}
    assert differences == {}
    # Nothing any role did above added or removed a record.
    assert _snapshot() == before


def test_no_role_outside_the_office_and_the_unit_changes_a_dossier(client, make_pdf):
    """The write endpoints of a dossier, tried by everyone but its own unit: always refused."""
    world = build_world(make_pdf)
    from dossiers.models import Dossier

    dossier = Dossier.objects.get(pk=world.ids["dossier_a"])
    # Another unit does not see the dossier (404); the office, the board and the Director see it but
    # may not change what the unit prepares (403).
    for role, status in (("staff_b", 404), ("office", 403), ("inspector", 403), ("director", 403)):
        client.force_login(world.users[role])
        for action in ("nop", "rut", "tai-len", "de-nghi/them"):
            assert client.post(f"/ho-so/{dossier.pk}/{action}/", {}).status_code == status
    dossier.refresh_from_db()
    assert dossier.state == "accepted"
