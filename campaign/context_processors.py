from .rules import menu_for


def portal(request):
    """What the navigation offers this user, asked of the rules once per request."""
    user = getattr(request, "user", None)
    menu = getattr(request, "_portal_menu", None)
    if menu is None:
        menu = menu_for(user)
        request._portal_menu = menu
    return {"menu": menu}
