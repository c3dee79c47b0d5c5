from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.access import Role, role_required
from core.spreadsheets import ImportRejected, read_spreadsheet, sheet_sign, sheet_unsign
from org.forms import PEOPLE_COLUMNS, PeopleImportForm
from org.models import Agent
from org.resources import RESOURCES
from org.services import ImportOutcome, people_export_record, people_import

# The preview carries the parsed rows to the confirm step signed (not stored), so a confirm
# imports exactly what was previewed and nobody can slip other rows in.
_PREVIEW_SALT = "org.people_import"


@role_required(Role.TEAM_LEADER, Role.QA_MANAGER, Role.ADMINISTRATOR)
def agent_list(request):
    agents = (
        Agent.objects.visible_to(request.user)
        .with_people()
        .order_by("section__name", "team__name", "user__last_name")
    )
    page = Paginator(agents, 100).get_page(request.GET.get("page"))
    return render(request, "org/agent_list.html", {"page": page, "query": ""})


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def people_import_view(request):
    """Upload -> dry-run preview (what would be created/updated, or every bad row) -> confirm."""
    context = {"form": PeopleImportForm(), "columns": PEOPLE_COLUMNS}
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(request, context)
    if request.method == "POST":
        form = PeopleImportForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "org/people_import.html", context, status=400)
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        context["source"] = upload.name
        try:
            sheet = read_spreadsheet(upload.name, upload.read())
        except ImportRejected as exc:
            context["outcome"] = ImportOutcome(kind=kind, dry_run=True, problems=exc.errors)
            return render(request, "org/people_import.html", context, status=400)
        outcome = people_import(kind=kind, sheet=sheet, actor=request.user, dry_run=True)
        context["outcome"] = outcome
        if not outcome.ok:
            return render(request, "org/people_import.html", context, status=400)
        context["preview_counts"] = {a: outcome.count(a) for a in ("create", "update", "unchanged")}
        context["payload"] = sheet_sign(sheet, salt=_salt(request), kind=kind)
    return render(request, "org/people_import.html", context)


def _salt(request) -> str:
    return f"{_PREVIEW_SALT}:{request.user.pk}"


def _confirm(request, context):
    try:
        sheet, extra = sheet_unsign(request.POST["payload"], salt=_salt(request))
    except signing.BadSignature:
        messages.error(request, "The preview has expired or was altered: upload the file again.")
        return redirect("org:people_import")
    kind = extra["kind"]
    outcome = people_import(
        kind=kind, sheet=sheet, actor=request.user, dry_run=False, request=request
    )
    if not outcome.ok:
        # The data changed since the preview (someone else edited it): nothing was written.
        context.update(outcome=outcome, source=sheet.name)
        return render(request, "org/people_import.html", context, status=409)
    messages.success(
        request,
        f"Imported {sheet.name}: {outcome.count('create')} created, "
        f"{outcome.count('update')} updated, {outcome.count('unchanged')} unchanged.",
    )
    return redirect("org:agent_list" if kind == "agents" else "org:people_import")


@role_required(Role.ADMINISTRATOR)
def people_export(request, kind: str):
    """The current agents or teams as CSV in the import format (edit and import back).
    Personal data leaves the system, so the download is an audit event."""
    resource_class = RESOURCES.get(kind)
    if resource_class is None:
        return HttpResponse(status=404)
    dataset = resource_class().export()
    people_export_record(kind=kind, actor=request.user, rows=len(dataset), request=request)
    response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="siyalalela-{kind}.csv"'
    return response
