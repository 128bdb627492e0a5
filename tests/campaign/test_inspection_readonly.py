"""The People's Inspection Board sees every page read-only (IV.3, R8).

The tests walk every portal URL of the URLconf (the admin has its own permissions and is left out) as a
member of the board: no page offers a form that sends anything, except logging out, filing a
supervision report and filing a recommendation to the Director, and no page links to an editing page;
a POST to any other URL is refused with 403, 404 or 405 and changes nothing in the database. Routes are
read from the URLconf, so pages added later are walked too; the other apps' pages are held to the same
rules in their own tests below.
"""

import re
import warnings

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from campaign import services as campaign_services
from dossiers import services as dossier_services
from dossiers.models import DocumentKind, NomineeKind
from tests.factories import AcknowledgementFactory, StaffMemberFactory, SupervisionReportFactory
from tests.helpers import pdf_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("during_emulation")]

# Not pages of the portal: authentication (signing in and out, one's own password: the person's account, not a
# record of the campaign), and the admin (which checks its own permissions).
OUTSIDE_THE_WALK = {"login", "logout", "password-change"}
# What the board may send.
# Filing a recommendation to the Director (issue 14) is the board's own act (Law 10/2022, art. 63).
# Checking a certificate's file against the register is public and changes nothing (issue 13).
ALLOWED_POST_ROUTES = {"logout", "campaign-supervision", "recommendations:create", "verify:certificate"}
# Pages whose only purpose is to change something: the board must not even be led there.
EDITING_ROUTES = {
    "dossiers:create",
    "dossiers:edit-nomination",
    "dossiers:submit",  # the review step before submitting (issue 15)
    "campaign-progress",
    "campaign-import",
}

FORM = re.compile(r"<form\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"', re.IGNORECASE)
HREF = re.compile(r'href="(/[^"#?]*)')


def portal_routes(resolvers=None, prefix="", namespace=""):
    """(name, route) of every URL of the URLconf outside the admin."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from portal_routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


@pytest.fixture
def world(plan, items, unit, member, leader, inspector, make_pdf):
    """One of everything the portal shows: a dossier with a nomination and files, a progress report
    with evidence, an acknowledgement, a supervision report, a published list."""
    colleague = StaffMemberFactory(unit=unit, full_name="Lê Văn Hùng")
    dossier = dossier_services.create_dossier(campaign=plan, unit=unit, level="grassroots", by=member)
    letter = dossier_services.upload_document(
        dossier=dossier, by=member, kind=DocumentKind.PROPOSAL_LETTER, upload=make_pdf("cv.pdf")
    )
    nomination = dossier_services.add_nomination(
        dossier=dossier, by=member, kind=NomineeKind.INDIVIDUAL, staff=colleague,
        achievement_summary="Gương mẫu.", report=make_pdf("bc.pdf"),
    )
    import datetime as dt

    progress = campaign_services.save_progress_report(
        campaign=plan, content_item=items[1], by=member, description="Hội nghị quán triệt.",
        activity_date=dt.date(2023, 10, 2), evidence=[make_pdf("anh.pdf")],
    )
    AcknowledgementFactory(campaign=plan, staff=leader.staff_member)
    SupervisionReportFactory(campaign=plan, filed_by=inspector)
    publication = _publication(plan, member)
    return {
        "campaign-detail": {"pk": plan.pk},
        "campaign-work": {"pk": plan.pk},
        "campaign-acknowledge": {"pk": plan.pk},
        "campaign-progress": {"pk": plan.pk, "item_pk": items[2].pk},
        "campaign-evidence-remove": {"pk": plan.pk, "evidence_pk": progress.evidence.get().pk},
        "campaign-evidence": {"pk": progress.evidence.get().pk},
        "campaign-unit": {"pk": plan.pk, "unit_pk": unit.pk},
        "campaign-dashboard": {"pk": plan.pk},
        "campaign-export": {"pk": plan.pk, "what": "de-nghi", "extension": "xlsx"},
        "campaign-supervision": {"pk": plan.pk},
        "dossiers:detail": {"pk": dossier.pk},
        "dossiers:upload": {"pk": dossier.pk},
        "dossiers:add-nomination": {"pk": dossier.pk},
        "dossiers:edit-nomination": {"pk": dossier.pk, "nomination_pk": nomination.pk},
        "dossiers:remove-nomination": {"pk": dossier.pk, "nomination_pk": nomination.pk},
        "dossiers:submit": {"pk": dossier.pk},
        "dossiers:receipt": {"pk": dossier.pk},
        "dossiers:receipt-pdf": {"pk": dossier.pk},
        "dossiers:withdraw": {"pk": dossier.pk},
        "dossiers:file": {"pk": letter.pk},
        "awards:publication": {"pk": publication.pk} if publication else None,
        "awards:staff-history": {"pk": colleague.pk},
        "_by_param": {"campaign_id": plan.pk, "agency_id": plan.agency_id, "unit_pk": unit.pk},
        "_post": {
            "campaign": plan.pk, "level": "grassroots", "kind": "individual", "staff": colleague.pk,
            "nomination": nomination.pk, "achievement_summary": "Sửa trái phép", "note": "Rút",
            "description": "Báo cáo trái phép", "activity_date": "02/10/2023", "text": "Ý kiến",
            "confirm": "on",
        },
    }


def _publication(plan, by):
    """An open publication of the proposed list, when the awards app has one."""
    try:
        Publication = apps.get_model("awards", "Publication")
    except LookupError:
        return None
    import datetime as dt

    from tests.helpers import vn

    return Publication.objects.create(
        campaign=plan, level="grassroots", opened_at=vn(2023, 10, 20, 8), closes_on=dt.date(2023, 10, 27),
        published_by=by,
    )


_WARNED: set[str] = set()


def matrix_table():
    from tests.security.test_permission_matrix import EXPECTED

    return EXPECTED


def url_of(name, route, world):
    params = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if not params:
        return reverse(name)
    kwargs = world.get(name)
    if kwargs is None:
        # A route added since this test was written: sample what its parameter names say, and say so
        # when an object is missing (the page is then only walked as "not found").
        kwargs = {param: world["_by_param"].get(param, 0) for param in params}
        # The permission matrix's world has an object for every page of its table, and
        # tests/security/test_inspection_pages.py walks those pages as the board: only a page of neither is told.
        if 0 in kwargs.values() and name not in _WARNED and ("GET", name) not in matrix_table():
            _WARNED.add(name)
            warnings.warn(
                f"Inspection walk: no sample object for “{name}” ({route}); add one to the `world` fixture.",
                stacklevel=2,
            )
    return reverse(name, kwargs=kwargs)


def snapshot():
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in ("campaign", "dossiers", "awards")
        for model in apps.get_app_config(label).get_models()
    }


def post_data(world):
    return {
        **world["_post"],
        "file": SimpleUploadedFile("x.pdf", pdf_bytes()),
        "report": SimpleUploadedFile("y.pdf", pdf_bytes()),
        "evidence": SimpleUploadedFile("z.pdf", pdf_bytes()),
    }


def walked_routes():
    return [(name, route) for name, route in portal_routes() if name not in OUTSIDE_THE_WALK]


def is_ours(name: str) -> bool:
    """Pages of this app (no namespace: home, plan, running the campaign)."""
    return ":" not in name


def offences_on_pages(client, world, routes):
    """(route, what) for each form that sends something, or link to an editing page, offered to the user."""
    offending = []
    for name, route in routes:
        url = url_of(name, route, world)
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404, 405), (name, response.status_code)
        offending += offences_on_page(name, url, response)
    return offending


def offences_on_page(name, url, response):
    """(route, what) for each form of the page that sends something other than what the board may send, and
    each link to an editing page."""
    offending = []
    if "text/html" not in response.get("Content-Type", ""):
        return offending
    html = response.content.decode()
    for attributes in FORM.findall(html):
        attrs = {k.lower(): v for k, v in ATTRIBUTE.findall(attributes)}
        if attrs.get("method", "get").lower() != "post":
            continue  # a filter or search form sends nothing
        action = attrs.get("action") or url
        if action.startswith("#"):  # the page itself, at an anchor
            action = url
        try:
            target = resolve(action)
        except Resolver404:
            offending.append((name, f"form to {action}"))
            continue
        target_name = f"{target.namespace}:{target.url_name}" if target.namespace else target.url_name
        if target_name not in ALLOWED_POST_ROUTES:
            offending.append((name, f"form to {action}"))
    for href in HREF.findall(html):
        try:
            target = resolve(href)
        except Resolver404:
            continue
        target_name = f"{target.namespace}:{target.url_name}" if target.namespace else target.url_name
        if target_name in EDITING_ROUTES:
            offending.append((name, f"link to {href}"))
    return offending


def posts_not_refused(client, world, routes):
    """(route, status) for each POST that was not refused with 403, 404 or 405."""
    accepted = []
    for name, route in routes:
        if name in ALLOWED_POST_ROUTES:
            continue
        response = client.post(url_of(name, route, world), post_data(world))
        if response.status_code not in (403, 404, 405):
            accepted.append((name, response.status_code))
    return accepted


def test_the_walk_covers_the_pages_of_every_app():
    names = {name for name, _ in walked_routes()}

    assert {"home", "campaign-dashboard", "campaign-supervision", "dossiers:list", "dossiers:detail"} <= names


def test_no_page_of_the_campaign_offers_the_board_a_form_or_an_editing_link(client, inspector, world):
    client.force_login(inspector)

    assert offences_on_pages(client, world, [r for r in walked_routes() if is_ours(r[0])]) == []


def test_the_board_has_its_supervision_form_and_the_logout_button(client, inspector, world):
    client.force_login(inspector)

    html = client.get(reverse("campaign-supervision", kwargs=world["campaign-supervision"])).content.decode()

    assert 'class="supervision-form"' in html
    assert 'action="/dang-xuat/"' in html


def test_every_post_of_the_board_to_the_campaign_pages_is_refused(client, inspector, world):
    client.force_login(inspector)
    before = snapshot()

    accepted = posts_not_refused(client, world, [r for r in walked_routes() if is_ours(r[0])])

    assert accepted == []
    assert snapshot() == before


def test_no_post_of_the_board_anywhere_changes_anything(client, inspector, world):
    client.force_login(inspector)
    before = snapshot()

    posts_not_refused(client, world, walked_routes())

    assert snapshot() == before


# The same checks on the pages of the other apps (dossiers, awards).


def test_no_page_of_the_other_apps_offers_the_board_a_form_or_an_editing_link(client, inspector, world):
    client.force_login(inspector)

    assert offences_on_pages(client, world, [r for r in walked_routes() if not is_ours(r[0])]) == []


def test_every_post_of_the_board_to_the_other_apps_is_refused(client, inspector, world):
    client.force_login(inspector)

    assert posts_not_refused(client, world, [r for r in walked_routes() if not is_ours(r[0])]) == []
