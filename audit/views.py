from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import render

from audit.forms import AuditFilterForm
from audit.models import AuditEvent


@permission_required("audit.view_auditevent", raise_exception=True)
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.order_by("-sequence")
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
