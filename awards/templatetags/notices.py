"""The home page's block of signed decisions published in the user's agency and still up (Law 10/2022),
included by the campaign app's home template without importing this app."""

from django import template

from core.time import local_today

from ..notices import selectors

register = template.Library()


@register.inclusion_tag("awards/_notices_up.html", takes_context=True)
def notices_up_block(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notices": []}
    return {"notices": list(selectors.notices_up(user, local_today()).order_by("-published_at")[:5])}
