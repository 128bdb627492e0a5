"""Who may see and do what (DESIGN.md R8), written once.

Every view, admin page, selector, service and template asks this module; nothing else decides access.

- A user holds roles in one agency (`Membership`: office, Director or deputy, inspection board); the
  deployment's administrator (a superuser) adds agencies and their first office accounts, and sees no
  agency's data.
- A user linked to an active staff member acts for the staff member's unit. A staff member who has
  left (inactive) has no unit rights at all. Members of the inspection board act for no unit: they
  supervise.
- `scope_for(user, queryset)` keeps the rows the user may see (a 404 for the rest);
  `can(user, "app.action_model", obj)` says whether the user may do that to a row they see
  (a 403 with `reason(...)` when not). Both are derived from each model's `access` paths
  (core/access.py), so the list a user gets and the object they may open never disagree.

`can` asks the rule set directly: unlike `user.has_perm`, it gives a superuser nothing that the rules
do not give them, so the deployment's administrator cannot read an agency's dossiers.
"""

from dataclasses import dataclass, field
from functools import reduce

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, IntegerField, Q, QuerySet, Value

from core.access import Audience, follow, paths_of
from core.errors import NotAllowed
from core.prepared import Prepared

from .models import CommitteeMembership, Membership, Role, StaffMember

# What a user is, computed once per user object (two queries) -----------------------------------------


@dataclass(frozen=True)
class Standing:
    """The roles of one user: the agencies where they hold each role, and the staff member they are."""

    office: frozenset[int] = frozenset()
    director: frozenset[int] = frozenset()
    inspection: frozenset[int] = frozenset()
    staff: StaffMember | None = None  # active staff member only: who has left acts for nobody
    person: StaffMember | None = None  # the staff record, active or not (for names on pages)
    is_admin: bool = False  # the deployment's administrator
    agencies: frozenset[int] = field(default=frozenset())
    # Provinces whose steering committee the user works for (CommitteeMembership): they read what the
    # agencies of the province forward, never an agency's own work.
    committee: frozenset[int] = frozenset()
    # Provinces of the user's agencies (the province's plan is read by its agencies' people).
    provinces: frozenset[int] = frozenset()

    @property
    def overseer(self) -> frozenset[int]:
        """Agencies whose every row the user sees: office, Director and inspection board."""
        return self.office | self.director | self.inspection

    @property
    def acting_unit_id(self) -> int | None:
        """The unit the user prepares dossiers and reports for. Board members act for no unit."""
        if self.staff is None or self.staff.unit.agency_id in self.inspection:
            return None
        return self.staff.unit_id

    @property
    def staff_agency_id(self) -> int | None:
        return self.staff.unit.agency_id if self.staff is not None else None


_NOBODY = Standing()
_COMMITTEE = "committee"  # the committee role, read with the agency roles


def _roles(user_id):
    """The roles in agencies and the committee role, in one query."""
    roles = Membership.objects.filter(user_id=user_id).order_by().values_list("role", "agency_id", "agency__province_id")
    committee = (
        CommitteeMembership.objects.filter(user_id=user_id)
        .order_by()
        .annotate(role_=Value(_COMMITTEE, CharField()), agency_=Value(None, IntegerField()))
        .values_list("role_", "agency_", "province_id")
    )
    return roles.union(committee, all=True)


# Asked on every request: compiled once per process (core/prepared.py). A user has one staff record at most.
_ROLES = Prepared(_roles, int)
_PERSON = Prepared(lambda user_id: StaffMember.objects.select_related("unit", "unit__agency").filter(user_id=user_id), int)


def standing(user) -> Standing:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return _NOBODY
    cached = getattr(user, "_access_standing", None)
    if cached is not None:
        return cached
    held: dict[str, set[int]] = {Role.OFFICE: set(), Role.DIRECTOR: set(), Role.INSPECTION: set(), _COMMITTEE: set()}
    provinces: set[int] = set()
    for role, agency_id, province_id in _ROLES.all(user.pk):
        if role == _COMMITTEE:
            held[_COMMITTEE].add(province_id)
            continue
        held[role].add(agency_id)
        if province_id is not None:
            provinces.add(province_id)
    person = _PERSON.first(user.pk)
    staff = person if person is not None and person.is_active else None
    agencies = set().union(*(held[role] for role in (Role.OFFICE, Role.DIRECTOR, Role.INSPECTION)))
    if staff is not None:
        agencies.add(staff.unit.agency_id)
        if staff.unit.agency.province_id is not None:
            provinces.add(staff.unit.agency.province_id)
    result = Standing(
        office=frozenset(held[Role.OFFICE]),
        director=frozenset(held[Role.DIRECTOR]),
        inspection=frozenset(held[Role.INSPECTION]),
        staff=staff,
        person=person,
        is_admin=user.is_superuser,
        agencies=frozenset(agencies),
        committee=frozenset(held[_COMMITTEE]),
        provinces=frozenset(provinces),
    )
    user._access_standing = result
    return result


def people_of_agencies(agency_ids) -> QuerySet:
    """The logins of the agencies' people: linked to one of their staff members or holding a role there."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.filter(
            Q(staff_member__unit__agency_id__in=agency_ids) | Q(memberships__agency_id__in=agency_ids)
        )
        .distinct()
        .order_by("username")
    )


def agency_of(obj) -> int | None:
    """The agency a row belongs to; None for a row of the province itself (its plan)."""
    lookup = paths_of(obj).agency
    return follow(obj, lookup) if lookup is not None else None


# Queryset scopes: what a user sees (404 for the rest) -------------------------------------------------


def _q(lookup: str, value) -> Q:
    return Q(**{lookup: value})


def _id_lookup(path: str) -> str:
    return "pk" if path == "pk" else f"{path}_id"


def _all(conditions) -> Q:
    return reduce(lambda a, b: a & b, (_q(lookup, value) for lookup, value in conditions), Q())


def _province_visibility(me: Standing, paths) -> Q | None:
    """A row of the province itself (its plan): its committee, the people of its agencies (when the
    audience is the agencies) and the deployment's administrator, who sets provinces up."""
    province = _id_lookup(paths.province)
    readers = set(me.committee)
    if paths.audience is Audience.AGENCY:
        readers |= me.provinces
    if me.is_admin:
        return Q()
    return _q(f"{province}__in", readers) if readers else None


def _visibility(user, model) -> Q | None:
    """The rows of `model` the user sees, as a Q; None means none at all."""
    me = standing(user)
    paths = paths_of(model)
    if paths.agency is None:
        return _province_visibility(me, paths)
    agency = "pk" if paths.agency == "pk" else f"{paths.agency}_id"
    parts: list[Q] = []
    if me.committee and paths.province:
        # The steering committee reads what the agencies of its province forward to it.
        parts.append(_q(f"{_id_lookup(paths.province)}__in", me.committee) & _all(paths.forwarded))
    if me.overseer:
        parts.append(_q(f"{agency}__in", me.overseer))
    if me.staff is not None:
        staff_part = None
        if paths.audience is Audience.AGENCY:
            staff_part = _q(agency, me.staff_agency_id)
        elif paths.audience is Audience.UNIT:
            staff_part = _q(f"{paths.unit}_id", me.staff.unit_id) & _q(agency, me.staff_agency_id)
        if staff_part is not None:
            for lookup, value in paths.staff_filter:
                staff_part &= _q(lookup, value)
            parts.append(staff_part)
    if paths.owner and user is not None and user.is_authenticated and user.is_active:
        owner = _q(paths.owner, user.pk)
        for lookup, value in paths.staff_filter:
            owner &= _q(lookup, value)
        parts.append(owner)
    if me.is_admin and paths.agency == "pk":
        parts.append(Q())  # the deployment's administrator sees the list of agencies
    if not parts:
        return None
    return reduce(lambda a, b: a | b, parts)


def scope_for(user, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` that `user` may see (R8). Every list and every `get` of an object goes
    through here, so an object of another agency or unit is a 404."""
    condition = _visibility(user, queryset.model)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def readable_plans(user, queryset: QuerySet) -> QuerySet:
    """A launched plan is a public document (the agency publishes it to every unit): anybody may read
    its text. A plan not yet launched is read only by those who see the agency's plans."""
    from core.time import local_today

    launched = Q(launch_date__lte=local_today())
    condition = _visibility(user, queryset.model)
    return queryset.filter(launched if condition is None else launched | condition)


def _forwarded(obj, paths) -> bool:
    """Whether the agency has forwarded the row to the steering committee (one query, for the committee only)."""
    if not paths.forwarded:
        return True
    return type(obj)._default_manager.filter(_all(paths.forwarded), pk=obj.pk).exists()


def sees_row(user, obj) -> bool:
    """Whether `user` sees this row: the answer `scope_for` gives for it (R8), asked of a row already read
    (for a read by primary key compiled once, core/prepared.py)."""
    return _sees(user, obj)


def _sees(user, obj) -> bool:
    """The same visibility as `scope_for`, for one object in memory (no query beyond the user's; the
    committee's check of what is forwarded asks the database once)."""
    me = standing(user)
    paths = paths_of(obj)
    if paths.agency is None:
        province_id = follow(obj, paths.province)
        return (
            me.is_admin
            or province_id in me.committee
            or (paths.audience is Audience.AGENCY and province_id in me.provinces)
        )
    if me.committee and paths.province and follow(obj, paths.province) in me.committee:
        return _forwarded(obj, paths)
    agency_id = follow(obj, paths.agency)
    if agency_id in me.overseer:
        return True
    if me.is_admin and paths.agency == "pk":
        return True
    staff_filter_holds = all(follow(obj, lookup) == value for lookup, value in paths.staff_filter)
    if me.staff is not None and agency_id == me.staff_agency_id and staff_filter_holds:
        if paths.audience is Audience.AGENCY:
            return True
        if paths.audience is Audience.UNIT and follow(obj, paths.unit) == me.staff.unit_id:
            return True
    if paths.owner and staff_filter_holds and user is not None and user.is_authenticated:
        return follow(obj, paths.owner) == user.pk
    return False


# Predicates -----------------------------------------------------------------------------------------
# With an object: the role in the object's agency. Without one (a model-level question such as "may
# this user add a plan at all"): the role in some agency.


def _holds(role_field: str, name: str):
    def check(user, obj=None) -> bool:
        agencies = getattr(standing(user), role_field)
        if obj is None:
            return bool(agencies)
        return agency_of(obj) in agencies

    check.__name__ = name
    return rules.predicate(check, name=name)


is_office = _holds("office", "is_office")
is_director = _holds("director", "is_director")
is_inspector = _holds("inspection", "is_inspector")
is_overseer = _holds("overseer", "is_overseer")
# The inspection board files recommendations to the head of the agency; the Director (or a deputy) answers
# them (Law 10/2022, art. 63). Named apart so that a refusal says so.
files_recommendations = _holds("inspection", "files_recommendations")
answers_recommendations = _holds("director", "answers_recommendations")


@rules.predicate
def is_deployment_admin(user) -> bool:
    return standing(user).is_admin


@rules.predicate
def login_holds_no_role(user, staff=None) -> bool:
    """The staff member's login (if any) holds no role in an agency or the steering committee and does not
    administer the deployment: its password may be set by the agency's office. A role holder's is set by the
    deployment's administrator only, or an office could take over its Director's login."""
    login = getattr(staff, "user", None)
    if login is None:
        return True
    return not (
        login.is_superuser or login.memberships.exists() or hasattr(login, "committee_membership")
    )


def province_of(obj) -> int | None:
    paths = paths_of(obj)
    return follow(obj, paths.province) if paths.province else None


@rules.predicate
def is_committee(user, obj=None) -> bool:
    """Works for the steering committee of the object's province (without an object: of some province)."""
    committee = standing(user).committee
    if obj is None:
        return bool(committee)
    return province_of(obj) in committee


@rules.predicate
def sees(user, obj) -> bool:
    if obj is None:
        me = standing(user)
        return bool(me.overseer or me.staff is not None)
    return _sees(user, obj)


@rules.predicate
def committee_sees(user, obj=None) -> bool:
    """The steering committee reads this kind of row (without an object) or this row: what is forwarded."""
    if not standing(user).committee:
        return False
    return obj is None or _sees(user, obj)


@rules.predicate
def acts_for_unit(user, obj) -> bool:
    """Active staff of the object's unit (not the inspection board): prepares its dossiers and reports."""
    unit_id = standing(user).acting_unit_id
    if unit_id is None:
        return False
    if obj is None:
        return True
    paths = paths_of(obj)
    return paths.unit is not None and follow(obj, paths.unit) == unit_id and agency_of(obj) == (
        standing(user).staff_agency_id
    )


@rules.predicate
def is_agency_staff(user, obj) -> bool:
    """An active staff member of the object's agency (personal acts: reading the plan, commenting)."""
    me = standing(user)
    if me.staff is None:
        return False
    return obj is None or agency_of(obj) == me.staff_agency_id


@rules.predicate
def comments_on_published_list(user, obj) -> bool:
    """Staff of the agency comment on its published list; the inspection board only reads it."""
    me = standing(user)
    if me.staff is None or me.staff_agency_id in me.inspection:
        return False
    return obj is None or agency_of(obj) == me.staff_agency_id


@rules.predicate
def leads_unit(user, obj) -> bool:
    """The head of the object's unit (its active staff member marked as leader; not the board): opens,
    closes and confirms the unit's review meeting."""
    me = standing(user)
    return acts_for_unit.test(user, obj) and me.staff.is_leader


@rules.predicate
def runs_meeting(user, obj) -> bool:
    """The head of the meeting's unit, or the staff member of the unit chairing it: records attendance."""
    me = standing(user)
    if not acts_for_unit.test(user, obj):
        return False
    return me.staff.is_leader or (obj is not None and getattr(obj, "chair_id", None) == me.staff.pk)


@rules.predicate
def is_unit_leader(user, obj) -> bool:
    me = standing(user)
    return me.staff is not None and me.staff.is_leader and (obj is None or follow(obj, "pk") == me.staff.unit_id)


@rules.predicate
def is_mobilisation_member(user, obj) -> bool:
    """An active staff member on the agency's mobilisation board (Ban Vận động QCDC): adjusts the units'
    emulation scores with the office, never their own unit's."""
    from .models import BoardKind, BoardMembership

    me = standing(user)
    if me.staff is None:
        return False
    agency_id = me.staff_agency_id if obj is None else agency_of(obj)
    if agency_id != me.staff_agency_id:
        return False
    if obj is not None and paths_of(obj).unit is not None and follow(obj, paths_of(obj).unit) == me.staff.unit_id:
        return False
    return BoardMembership.objects.filter(
        board__agency_id=agency_id, board__kind=BoardKind.MOBILISATION, staff=me.staff
    ).exists()


nobody = rules.always_deny


@rules.predicate
def votes_in_council_ballot(user, ballot) -> bool:
    """A member of the council marked present at the e-ballot's meeting, still active staff of its agency."""
    me = standing(user)
    if me.staff is None:
        return False
    if ballot is None:
        return True
    meeting = ballot.meeting
    return agency_of(ballot) == me.staff_agency_id and meeting.members_present.filter(pk=me.staff.pk).exists()


@rules.predicate
def signs_documents(user) -> bool:
    """The Director (or a deputy) and the office sign or record signatures: they hold a second factor (TOTP)."""
    me = standing(user)
    return bool(me.office | me.director)


@rules.predicate
def keeps_second_factors(user, device=None) -> bool:
    """A person's second factor (TOTP device) is removed, for recovery, by their agency's office or the
    deployment's administrator."""
    me = standing(user)
    if me.is_admin:
        return True
    if not me.office:
        return False
    return device is None or people_of_agencies(me.office).filter(pk=device.user_id).exists()


def second_factors_for(user, queryset: QuerySet) -> QuerySet:
    """The TOTP devices a user keeps (the admin's list): their office's people's, or all for the administrator."""
    me = standing(user)
    if me.is_admin:
        return queryset
    if not me.office:
        return queryset.none()
    return queryset.filter(user__in=people_of_agencies(me.office).values("pk"))


@rules.predicate
def reads_the_law(user) -> bool:
    """The law by date (legal/) is national: the same rows for every agency. Each office reads them;
    the deployment's administrator keeps them."""
    me = standing(user)
    return bool(me.office) or me.is_admin


# The rule set: app.action_model -> predicate ---------------------------------------------------------
# "view" is always `sees` (the same as the scope). Actions beyond Django's four are named for what
# the user does.

_OFFICE_MANAGES = (
    "campaign.campaign", "campaign.legalbasis", "campaign.contentitem", "campaign.dossierrequirement",
    "campaign.unit", "campaign.staffmember", "campaign.board", "campaign.boardmembership",
    "awards.councilmeeting", "awards.certificatelayout",
    "emulation.emulationsettings", "emulation.criterion",
)

RULES: dict[str, object] = {
    # Agencies: the deployment's administrator adds them; each office keeps its own agency's details.
    "campaign.view_agency": sees,
    "campaign.add_agency": is_deployment_admin,
    "campaign.change_agency": is_office | is_deployment_admin,
    "campaign.delete_agency": nobody,
    # Renames (names as of a date): recorded by renaming an agency or unit; the office corrects a wrong date.
    "campaign.view_namechange": sees,
    "campaign.add_namechange": nobody,
    "campaign.change_namechange": is_office | is_deployment_admin,
    "campaign.delete_namechange": is_office | is_deployment_admin,
    # Roles: the agency's office grants them to its own people; the administrator grants the first.
    "campaign.view_membership": is_office | is_deployment_admin,
    "campaign.add_membership": is_office | is_deployment_admin,
    "campaign.change_membership": is_office | is_deployment_admin,
    "campaign.delete_membership": is_office | is_deployment_admin,
    # Locked-out logins (django-axes): each office sees and unlocks its own people's accounts.
    "ops.view_login_attempts": is_office | is_deployment_admin,
    "ops.unlock_accounts": is_office | is_deployment_admin,
    # Logins of the agency's staff (campaign/accounts.py): the office issues and links them; it sets a new
    # password only for a login that holds no role (a role holder's is the deployment's administrator's).
    "campaign.manage_login": is_office | is_deployment_admin,
    "campaign.reset_password": (is_office & login_holds_no_role) | is_deployment_admin,
    # Running the campaign.
    "campaign.view_campaign": sees,
    "campaign.view_dashboard": is_overseer,
    # The province dashboard: every agency's aggregate progress, for the province's steering committee only.
    "reports.view_province_dashboard": is_committee,
    "campaign.import_staff": is_office,
    "campaign.view_acknowledgement": sees,
    "campaign.add_acknowledgement": is_agency_staff,
    "campaign.change_acknowledgement": nobody,
    "campaign.delete_acknowledgement": is_office,
    "campaign.view_progressreport": sees,
    "campaign.add_progressreport": acts_for_unit,
    "campaign.change_progressreport": acts_for_unit,
    "campaign.delete_progressreport": is_office,
    "campaign.view_progressevidence": sees,
    "campaign.view_unit_acknowledgements": is_overseer | is_unit_leader,
    # Supervision reports: only the inspection board writes them; nobody deletes them.
    "campaign.view_supervisionreport": sees,
    "campaign.add_supervisionreport": is_inspector,
    "campaign.change_supervisionreport": nobody,
    "campaign.delete_supervisionreport": nobody,
    # Dossiers: the unit prepares, submits, withdraws; the office reviews.
    "dossiers.view_dossier": sees,
    "dossiers.add_dossier": acts_for_unit,
    "dossiers.change_dossier": acts_for_unit,
    "dossiers.review_dossier": is_office,
    "dossiers.delete_dossier": nobody,
    # The receipt of a submission (issue 15): whoever sees the dossier; the code sequence is the portal's.
    "dossiers.view_receipt": sees,
    "dossiers.view_dossiercodesequence": is_deployment_admin,
    "dossiers.add_dossiercodesequence": nobody,
    "dossiers.change_dossiercodesequence": nobody,
    "dossiers.delete_dossiercodesequence": nobody,
    "dossiers.view_nomination": sees,
    "dossiers.view_dossierfile": sees,
    "dossiers.view_transitionlog": sees,
    # The unit's review meeting (issue 16): the head opens and closes it, its staff vote, the chair marks
    # attendance; the office, the Director and the board read the tally. Ballots are nobody's to read.
    "dossiers.view_reviewmeeting": sees,
    "dossiers.open_reviewmeeting": leads_unit,
    "dossiers.vote_reviewmeeting": acts_for_unit,
    "dossiers.record_attendance": runs_meeting,
    "dossiers.close_reviewmeeting": leads_unit,
    "dossiers.confirm_reviewmeeting": leads_unit,
    "dossiers.add_reviewmeeting": nobody,
    "dossiers.change_reviewmeeting": nobody,
    "dossiers.delete_reviewmeeting": nobody,
    # Review: council, approvals, publication, feedback.
    "awards.view_councilmeeting": sees,
    "awards.record_votes": is_office,
    "awards.view_vote": sees,
    # Council e-ballots (issue 14 point 4): the office opens and closes them; the members marked present vote
    # once; the office, the Director and the board read the tally and print the minutes. What a member voted
    # is nobody's to read (the choices of a secret ballot carry no voter at all).
    "awards.view_councilballot": sees,
    "awards.open_councilballot": is_office,
    "awards.close_councilballot": is_office,
    "awards.vote_councilballot": votes_in_council_ballot,
    "awards.print_council_minutes": is_office | is_director | is_inspector,
    "awards.add_councilballot": nobody,
    "awards.change_councilballot": nobody,
    "awards.delete_councilballot": nobody,
    "awards.view_councilballotparticipation": sees,
    "awards.add_councilballotparticipation": nobody,
    "awards.change_councilballotparticipation": nobody,
    "awards.delete_councilballotparticipation": nobody,
    "awards.view_councilballotchoice": nobody,
    "awards.add_councilballotchoice": nobody,
    "awards.change_councilballotchoice": nobody,
    "awards.delete_councilballotchoice": nobody,
    "awards.view_approval": sees,
    "awards.add_approval": is_office,
    "awards.delete_approval": is_office,
    "awards.view_publication": sees,
    "awards.add_publication": is_office,
    "awards.add_feedback": comments_on_published_list,
    "awards.view_feedback": sees,
    "awards.answer_feedback": is_office,
    # Issuing: decisions, Tờ trình, certificates, the register.
    "awards.view_awarddecision": sees,
    "awards.add_awarddecision": is_office,
    "awards.change_awarddecision": is_office,
    "awards.delete_awarddecision": is_office,
    "awards.sign_awarddecision": is_director | is_office,
    "awards.print_on_blank": is_office,
    "awards.view_provincialproposal": sees,
    "awards.add_provincialproposal": is_office,
    "awards.change_provincialproposal": is_office,
    "awards.delete_provincialproposal": is_office,
    "awards.sign_provincialproposal": is_director | is_office,
    "awards.view_award": sees,
    "awards.view_register": is_overseer,
    "awards.view_certificatelayout": sees,
    # Big print runs (issue 17 point 4): who prints a decision's certificates (the office, the Director) starts
    # and restarts the background job; the inspection board follows it and downloads the certificates as it
    # may print them; another agency nothing. A job on blanks is the office's (print_on_blank is asked too).
    "awards.view_printjob": sees,
    "awards.add_printjob": is_office | is_director,
    "awards.restart_printjob": is_office | is_director,
    "awards.download_printjob": is_overseer,
    "awards.change_printjob": nobody,
    "awards.delete_printjob": nobody,
    # The province (issue 11): the administrator sets provinces and committee accounts up; the steering
    # committee keeps the province's plan, allocates provincial places to each agency, receives the
    # agencies' Tờ trình (returns or accepts them) and records the province's outcome per nominee.
    "campaign.view_province": sees | committee_sees,
    "campaign.add_province": is_deployment_admin,
    "campaign.change_province": is_deployment_admin,
    "campaign.delete_province": nobody,
    "campaign.view_committeemembership": is_deployment_admin | committee_sees,
    "campaign.add_committeemembership": is_deployment_admin,
    "campaign.change_committeemembership": is_deployment_admin,
    "campaign.delete_committeemembership": is_deployment_admin,
    "campaign.view_provincialplan": sees | committee_sees,
    "campaign.add_provincialplan": is_committee,
    "campaign.change_provincialplan": is_committee,
    "campaign.delete_provincialplan": is_committee,
    "campaign.view_allocation": sees | committee_sees,
    "campaign.add_allocation": is_committee,
    "campaign.change_allocation": is_committee,
    "campaign.delete_allocation": nobody,
    "campaign.view_committee_inbox": is_committee,
    "awards.send_provincialproposal": is_office,
    "awards.reopen_provincialproposal": is_office,
    "awards.return_provincialproposal": is_committee,
    "awards.accept_provincialproposal": is_committee,
    "awards.record_outcome": is_committee,
    "awards.view_proposalstep": sees | committee_sees,
    "awards.view_provincialoutcome": sees | committee_sees,
    # Working days: the office adds the agency's days off beyond weekends and public holidays.
    "campaign.view_nonworkingday": sees,
    "campaign.add_nonworkingday": is_office,
    "campaign.change_nonworkingday": is_office,
    "campaign.delete_nonworkingday": is_office,
    # A signed decision published inside the agency (Law 10/2022): created by signing, extended by the office;
    # who opened it is read by the office, the Director and the inspection board.
    "awards.view_decisionnotice": sees,
    "awards.add_decisionnotice": nobody,
    "awards.change_decisionnotice": is_office,
    "awards.delete_decisionnotice": nobody,
    "awards.view_noticeview": sees,
    # A later decision revoking or correcting a signed award decision (issue 14 point 2): the office records
    # it (the public verification page shows it); kept with its history, never deleted.
    "awards.view_decisionamendment": sees,
    "awards.add_decisionamendment": is_office,
    "awards.change_decisionamendment": is_office,
    "awards.delete_decisionamendment": nobody,
    "awards.view_notice_readers": is_overseer,
    # Pre-filled DOCX forms of a dossier: whoever sees the dossier; the office replaces the agency's templates.
    "dossiers.download_forms": sees,
    "dossiers.view_formtemplate": sees,
    "dossiers.add_formtemplate": is_office,
    "dossiers.change_formtemplate": is_office,
    "dossiers.delete_formtemplate": is_office,
    # The mail outbox (campaign/mail, issue 15 point 7): the office reads its agency's outbox, sends a failed
    # mail again and edits its agency's mail templates (restoring the default); the inspection board reads the
    # outbox. Mails and reminder logs are written by the portal only.
    "mail.view_outgoingmail": is_office | is_inspector,
    "mail.add_outgoingmail": nobody,
    "mail.change_outgoingmail": nobody,
    "mail.delete_outgoingmail": nobody,
    "mail.resend_outgoingmail": is_office,
    "mail.view_mailtemplate": is_office,
    "mail.add_mailtemplate": nobody,
    "mail.change_mailtemplate": is_office,
    "mail.delete_mailtemplate": nobody,
    "mail.view_reminderlog": is_office | is_inspector,
    "mail.add_reminderlog": nobody,
    "mail.change_reminderlog": nobody,
    "mail.delete_reminderlog": nobody,
    # Emulation inside the unit (issue 16): pledges, the scoring table, scores and the ranking.
    "emulation.view_pledge": sees,
    "emulation.add_pledge": acts_for_unit,
    "emulation.change_pledge": acts_for_unit,
    "emulation.delete_pledge": nobody,
    "emulation.import_pledges": acts_for_unit,
    "emulation.view_pledge_register": is_overseer,
    "emulation.view_pledgetarget": sees,
    "emulation.add_pledgetarget": nobody,
    "emulation.change_pledgetarget": nobody,
    "emulation.delete_pledgetarget": nobody,
    "emulation.view_score": sees,
    "emulation.add_score": acts_for_unit,
    "emulation.change_score": acts_for_unit,
    "emulation.delete_score": nobody,
    "emulation.adjust_score": is_office | is_mobilisation_member,
    "emulation.view_ranking": is_overseer | is_mobilisation_member,
    # The inspection board's recommendations (Law 10/2022, art. 63): the board files, the Director answers,
    # the office, the Director and the board read; nobody changes or deletes a recommendation or an answer
    # (a correction is a new answer).
    "campaign.list_recommendations": is_overseer,
    "campaign.view_recommendation": sees,
    "campaign.add_recommendation": files_recommendations,
    "campaign.change_recommendation": nobody,
    "campaign.delete_recommendation": nobody,
    "campaign.view_recommendationanswer": sees,
    "campaign.add_recommendationanswer": answers_recommendations,
    "campaign.change_recommendationanswer": nobody,
    "campaign.delete_recommendationanswer": nobody,
    "campaign.view_recommendationattachment": sees,
    # The tamper-evident record (issue 14): the overseers (office, Director, inspection board) see the chain's
    # state; links are written only by campaign/records.py, never by a person.
    "campaign.view_recordchain": sees,
    "campaign.add_recordchain": nobody,
    "campaign.change_recordchain": nobody,
    "campaign.delete_recordchain": nobody,
    "campaign.view_recordlink": sees,
    "campaign.add_recordlink": nobody,
    "campaign.change_recordlink": nobody,
    "campaign.delete_recordlink": nobody,
    "campaign.add_recommendationattachment": nobody,
    "campaign.change_recommendationattachment": nobody,
    "campaign.delete_recommendationattachment": nobody,
    # The signer's second factor (issue 14): the Director and the office enrol a TOTP device; a lost one is
    # removed by their office (or the administrator), then enrolled again. Nobody edits a device.
    "awards.enrol_second_factor": signs_documents,
    "otp_totp.view_totpdevice": keeps_second_factors,
    "otp_totp.add_totpdevice": nobody,
    "otp_totp.change_totpdevice": nobody,
    "otp_totp.delete_totpdevice": keeps_second_factors,
}
# The law by date (DESIGN.md R11): regimes, the texts they cite, cash coefficients, report forms, base
# salaries. The deployment's administrator enters them; offices read them. Next year's plan is the office's.
RULES["campaign.copy_campaign"] = is_office
for _model in ("legalregime", "regimebasis", "legaltext", "cashcoefficient", "reportform", "basesalary"):
    RULES[f"legal.view_{_model}"] = reads_the_law
    for _action in ("add", "change", "delete"):
        RULES[f"legal.{_action}_{_model}"] = is_deployment_admin
for _label in _OFFICE_MANAGES:
    _app, _model = _label.split(".")
    RULES.setdefault(f"{_app}.view_{_model}", sees)
    for _action in ("add", "change", "delete"):
        RULES.setdefault(f"{_app}.{_action}_{_model}", is_office)

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)


def can(user, permission: str, obj=None) -> bool:
    """May `user` do `permission` ("app.action_model") to `obj` (or to that model at all)? An unknown
    permission is refused, so a typo never opens a door."""
    if permission not in RULES:
        raise KeyError(f"Unknown permission {permission!r}: add it to campaign/rules.py")
    return rules.has_perm(permission, user, obj)


# Reasons for a 403, in Vietnamese: the user sees the object but may not do this ---------------------


LEFT = "Bạn không còn công tác tại cơ quan, đơn vị nên không còn thao tác được trên hồ sơ, báo cáo của đơn vị."
NO_STAFF = "Tài khoản của bạn chưa gắn với cán bộ nào của cơ quan; vui lòng liên hệ Văn phòng Sở."
BOARD_READS = (
    "Tài khoản Ban Thanh tra nhân dân chỉ được xem và gửi báo cáo giám sát, "
    "không thay đổi được hồ sơ, báo cáo của đơn vị."
)
OTHER_AGENCY = "Bạn không thuộc cơ quan phát động Kế hoạch này."
UNIT_STAFF_ONLY = "Chỉ cán bộ của đơn vị mới chuẩn bị, nộp hồ sơ và báo cáo của đơn vị; bạn chỉ xem được."
OTHER_UNIT = "Bạn chỉ có thể thao tác trên hồ sơ, báo cáo của đơn vị mình."
OFFICE_ONLY = "Chỉ Văn phòng Sở của cơ quan mới thực hiện được thao tác này; bạn chỉ xem được."
BOARD_ONLY = "Chỉ thành viên Ban Thanh tra nhân dân mới gửi được báo cáo giám sát."
SIGNERS_ONLY = "Chỉ Lãnh đạo Sở hoặc Văn phòng Sở mới ký được văn bản này."
NOBODY = "Không ai được thay đổi hay xoá nội dung này; lịch sử được giữ nguyên."
ROLE_LOGIN = (
    "Tài khoản này giữ vai trò trong cơ quan hoặc Ban Chỉ đạo: chỉ quản trị viên hệ thống mới đặt lại mật khẩu của "
    "tài khoản này."
)
COMMITTEE_ONLY = "Chỉ Ban Chỉ đạo thực hiện Quy chế dân chủ ở cơ sở của tỉnh mới thực hiện được thao tác này."

# The reason a refusal gives, by the predicate that refused.
_REASONS = {
    "acts_for_unit": OTHER_UNIT,
    "is_agency_staff": OTHER_AGENCY,
    "comments_on_published_list": "Chỉ cán bộ của cơ quan mới gửi được ý kiến về danh sách công khai.",
    "leads_unit": "Chỉ lãnh đạo đơn vị mới mở, kết thúc cuộc họp xét của đơn vị và xác nhận biên bản.",
    "runs_meeting": "Chỉ lãnh đạo đơn vị hoặc người chủ trì cuộc họp mới điểm danh người dự họp.",
    "is_inspector": BOARD_ONLY,
    "files_recommendations": "Chỉ thành viên Ban Thanh tra nhân dân của cơ quan mới gửi được kiến nghị.",
    "answers_recommendations": (
        "Chỉ Giám đốc hoặc Phó Giám đốc Sở mới trả lời được kiến nghị của Ban Thanh tra nhân dân."
    ),
    "is_office": OFFICE_ONLY,
    "votes_in_council_ballot": (
        "Chỉ thành viên Hội đồng Thi đua - Khen thưởng có mặt tại phiên họp mới bỏ phiếu biểu quyết được."
    ),
    "is_committee": COMMITTEE_ONLY,
    "always_deny": NOBODY,
    "is_deployment_admin": "Chỉ quản trị hệ thống mới nhập, sửa được văn bản pháp lý và mức lương cơ sở.",
    "signs_documents": "Chỉ Lãnh đạo Sở và Văn phòng Sở (người ký văn bản) đăng ký xác thực hai lớp.",
    "keeps_second_factors": "Chỉ Văn phòng Sở của cơ quan (hoặc quản trị hệ thống) mới xoá được thiết bị xác thực.",
}


def reason(user, permission: str, obj=None) -> str:
    """Why `user` may not do `permission` to `obj`, in Vietnamese, for a 403 page or a form error."""
    me = standing(user)
    predicate = RULES.get(permission)
    name = getattr(predicate, "name", "")
    if "sign" in permission.split(".")[1]:
        return SIGNERS_ONLY
    if name in ("acts_for_unit", "is_agency_staff", "comments_on_published_list", "leads_unit", "runs_meeting"):
        agency_id = agency_of(obj) if obj is not None else None
        if me.person is not None and not me.person.is_active:
            return LEFT
        if me.staff is None:
            # The office and the Director read a unit's work; only its staff prepare it.
            return UNIT_STAFF_ONLY if agency_id is not None and agency_id in me.overseer else NO_STAFF
        if name != "is_agency_staff" and me.staff_agency_id in me.inspection:
            return BOARD_READS if name == "acts_for_unit" else _REASONS[name]
        if agency_id is not None and agency_id != me.staff_agency_id:
            return OTHER_AGENCY
    return _REASONS.get(name, OFFICE_ONLY)


def refuse_unless(user, permission: str, obj=None) -> None:
    """For views: a 403 with the reason unless the rules allow it. What the user may not see never gets
    here: it was fetched through `scope_for`, so it is a 404 already."""
    if not can(user, permission, obj):
        raise PermissionDenied(reason(user, permission, obj))


def ensure(user, permission: str, obj=None, *, message: str | None = None) -> None:
    """For services: refuse with a Vietnamese reason (or `message`) unless the rules allow it."""
    if not can(user, permission, obj):
        raise NotAllowed(message or reason(user, permission, obj))


# What the navigation shows, asked once per request ----------------------------------------------------


@dataclass(frozen=True)
class Menu:
    """The entries of the portal's navigation a user may open (the templates ask this, never a role)."""

    person: StaffMember | None
    acting_unit_id: int | None
    dossiers: bool
    work: bool  # the unit's page of the plan (read-only for the inspection board)
    overview: bool  # dashboard, decisions, register, supervision
    files_supervision: bool
    certificates: bool
    admin: bool
    committee: bool = False  # the steering committee's inbox, allocations and the province's dashboard
    province_dashboard_url: str = ""
    # The board's recommendations in the navigation of the office and the Director (the board, whose bar is
    # full, reaches them from its home page and its supervision page).
    recommendations: bool = False
    # The signer's second factor (TOTP): enrolment for the Director and the office.
    second_factor: bool = False
    # The council's e-ballots: a member's ballot, the office's controls, the tally and the minutes.
    council: bool = False
    # The admin's heading: the office keeps records there; the board and the committee only read.
    admin_heading: str = "Quản trị"


def _province_dashboard_url() -> str:
    """The province's dashboard (reports/), once its URL exists."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("province-dashboard")
    except NoReverseMatch:
        return ""


def menu_for(user) -> Menu:
    me = standing(user)
    return Menu(
        person=me.person,
        acting_unit_id=me.acting_unit_id,
        dossiers=bool(me.staff is not None or me.overseer),
        work=me.staff is not None,
        overview=bool(me.overseer),
        files_supervision=bool(me.inspection),
        certificates=me.staff is not None,
        admin=bool(me.overseer or me.committee) or me.is_admin,
        committee=bool(me.committee),
        province_dashboard_url=_province_dashboard_url() if me.committee else "",
        recommendations=bool(me.office | me.director),
        second_factor=bool(me.office | me.director),
        council=bool(me.staff is not None or me.overseer),
        admin_heading=_admin_heading(me),
    )


def _admin_heading(me: Standing) -> str:
    if me.office or me.is_admin:
        return "Quản trị"
    if me.inspection and not me.director:
        return "Ban Thanh tra nhân dân – tra cứu hồ sơ (chỉ xem)"
    if me.director:
        return "Lãnh đạo cơ quan – tra cứu và ký duyệt"
    if me.committee:
        return "Ban Chỉ đạo tỉnh – tra cứu"
    return "Quản trị"
