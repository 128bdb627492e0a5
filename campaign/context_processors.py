from .roles import roles_of


def portal(request):
    return {"roles": roles_of(request)}
