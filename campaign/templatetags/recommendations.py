"""`{% recommendations_panel %}`: the inspection board's open and overdue recommendations, for the
dashboards and the home page of the office, the Director and the board (nothing for anyone else)."""

from django import template

from ..recommendations.selectors import summary_for
from ..rules import can

register = template.Library()


@register.inclusion_tag("campaign/recommendations/_panel.html", takes_context=True)
def recommendations_panel(context):
    user = context.get("user")
    if user is None or not can(user, "campaign.list_recommendations"):
        return {"summary": None}
    return {"summary": summary_for(user), "may_file": can(user, "campaign.add_recommendation")}
