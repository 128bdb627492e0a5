"""The navigation's count of "Việc cần làm", fetched by static/js/todo.js after a page has loaded.

Only the home page counts the person's tasks while it renders (the list is on it); every other page asks
here, so that its own queries stay what they were (the count costs a fixed number of aggregate queries).
"""

from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from .todo import todo_for


@require_safe
def todo_count(request):
    total = todo_for(request).total if request.user.is_authenticated else 0
    response = JsonResponse({"total": total, "title": f"{total} việc đang chờ bạn" if total else ""})
    add_never_cache_headers(response)
    return response
