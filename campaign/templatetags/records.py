"""The state of a campaign's tamper-evident record, for the overseers' pages (issue 14)."""

from django import template

from .. import records
from ..rules import can

register = template.Library()


@register.inclusion_tag("campaign/_record_chain.html", takes_context=True)
def record_chain(context, campaign):
    """'Chuỗi ghi nhận: nguyên vẹn (N mục, kiểm tra lúc …)' or its first broken link; nothing for a user
    who may not see it. Shows the last verification, verified again when older than records.FRESH_FOR."""
    user = context["request"].user
    chain = records.state_for_page(campaign.pk) if can(user, "campaign.view_campaign", campaign) else None
    if chain is None or not can(user, "campaign.view_recordchain", chain):
        return {"chain": None}
    return {"chain": chain, "fresh_minutes": int(records.FRESH_FOR.total_seconds() // 60)}
