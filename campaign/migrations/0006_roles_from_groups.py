"""Roles held per agency: the old role groups become memberships (stable codes), then go.

A user in a role group gets the role in the agency of their staff member's unit or, where the
deployment has one agency only, in that agency. Nobody else is given anything."""

from django.db import migrations

GROUP_ROLES = {"Văn phòng Sở": "office", "Lãnh đạo Sở": "director", "Ban Thanh tra nhân dân": "inspection"}


def groups_to_memberships(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Agency = apps.get_model("campaign", "Agency")
    StaffMember = apps.get_model("campaign", "StaffMember")
    Membership = apps.get_model("campaign", "Membership")
    agencies = list(Agency.objects.values_list("pk", flat=True))
    only_agency = agencies[0] if len(agencies) == 1 else None
    for group in Group.objects.filter(name__in=GROUP_ROLES):
        role = GROUP_ROLES[group.name]
        for user in group.user_set.all():
            staff = StaffMember.objects.filter(user=user).select_related("unit").first()
            agency_id = staff.unit.agency_id if staff is not None else only_agency
            if agency_id is not None:
                Membership.objects.get_or_create(user=user, role=role, defaults={"agency_id": agency_id})
        group.delete()


def memberships_to_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Membership = apps.get_model("campaign", "Membership")
    for name, role in GROUP_ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for membership in Membership.objects.filter(role=role):
            group.user_set.add(membership.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("campaign", "0005_memberships"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(groups_to_memberships, memberships_to_groups)]
