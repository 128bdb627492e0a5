from datetime import datetime

from django import template
from django.utils import timezone

from core.time import PLAN_TZ

register = template.Library()


@register.inclusion_tag("campaign/_countdown.html")
def countdown(label: str, deadline: datetime, now: datetime | None = None):
    """A countdown to an inclusive deadline, or "Đã kết thúc" once it has passed."""
    now = now or timezone.now()
    remaining = deadline - now
    over = remaining.total_seconds() < 0
    days, rest = divmod(int(max(remaining.total_seconds(), 0)), 86400)
    hours = rest // 3600
    return {
        "label": label,
        "deadline": deadline.astimezone(PLAN_TZ),
        "over": over,
        "days": days,
        "hours": hours,
        "urgent": not over and days < 3,
    }


@register.filter
def lowerfirst(text) -> str:
    """'Cấp cơ sở (Giấy khen của Giám đốc Sở)' -> 'cấp cơ sở (Giấy khen của Giám đốc Sở)': mid-sentence, the
    proper nouns keep their capitals (Django's |lower would write 'giám đốc sở')."""
    text = str(text)
    return text[:1].lower() + text[1:]


@register.filter
def vnd(amount) -> str:
    """1080000 -> '1.080.000 đ'."""
    try:
        return f"{int(amount):,}".replace(",", ".") + " đ"
    except (TypeError, ValueError):
        return ""


@register.simple_tag(takes_context=True)
def can(context, permission: str, obj=None) -> bool:
    """`{% can "dossiers.change_dossier" dossier as may_edit %}`: the access rules, asked by a template."""
    from campaign.rules import can as rule

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return rule(user, permission, obj)
