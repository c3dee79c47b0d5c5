"""The scorecard designer: QA managers create drafts, edit criteria, preview, publish (after a
confirmation page with the differences from the previous version), export, import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.access import Role, role_required, user_has_role
from scorecards.forms import (
    CriterionForm,
    GroupForm,
    ImportForm,
    PublishForm,
    ScorecardCreateForm,
    ScorecardEditForm,
    VersionForm,
)
from scorecards.hooks import version_page_links_for
from scorecards.models import Criterion, Scorecard, ScorecardVersion
from scorecards.selectors import (
    detector_label,
    form_preview,
    scorecard_document,
    version_diff,
)
from scorecards.services import designer as svc
from scorecards.services.documents import scorecard_import as import_document
from scorecards.services.publish import publish_problems, scorecard_version_publish
from scoring.safejson import JSONDocumentError, loads_bounded
from scoring.scorecard import FORMULA_TEXT

QA_STAFF = (Role.QA_OFFICER, Role.QA_MANAGER)


def report_error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@role_required(*QA_STAFF)
def scorecard_list(request):
    scorecards = Scorecard.objects.prefetch_related("versions", "sections")
    return render(
        request,
        "scorecards/list.html",
        {
            "scorecards": scorecards,
            "create_form": ScorecardCreateForm(),
            "import_form": ImportForm(),
            "can_design": user_has_role(request.user, Role.QA_MANAGER),
        },
    )


@role_required(Role.QA_MANAGER)
@require_POST
def scorecard_create(request):
    form = ScorecardCreateForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("scorecards:scorecard_list")
    data = form.cleaned_data
    version = svc.scorecard_create(
        actor=request.user,
        slug=data["slug"],
        name=data["name"],
        description=data["description"],
        direction=data["direction"],
        sections=data["sections"],
    )
    messages.success(request, f"Scorecard {version.scorecard} created with a draft version 1.")
    return redirect("scorecards:scorecard_version", pk=version.pk)


@role_required(*QA_STAFF)
def scorecard_version(request, pk):
    version = get_object_or_404(ScorecardVersion.objects.select_related("scorecard"), pk=pk)
    can_edit = version.is_editable and user_has_role(request.user, Role.QA_MANAGER)
    version_form = VersionForm(
        initial={"pass_mark": version.pass_mark, "change_note": version.change_note}
    )
    if request.method == "POST":
        if not can_edit:
            messages.error(
                request,
                f"{version} is {version.get_status_display().lower()}: it cannot be changed.",
            )
            return redirect("scorecards:scorecard_version", pk=pk)
        version_form = VersionForm(request.POST)
        if version_form.is_valid():
            try:
                svc.scorecard_version_update(
                    actor=request.user, version=version, **version_form.cleaned_data
                )
                messages.success(request, "Version saved.")
                return redirect("scorecards:scorecard_version", pk=pk)
            except ValidationError as exc:
                report_error(request, exc)
    criteria = list(version.criteria.select_related("group").order_by("order", "id"))
    for criterion in criteria:
        criterion.detector_label = detector_label(criterion.detector_key)
    return render(
        request,
        "scorecards/version.html",
        {
            "version": version,
            "criteria": criteria,
            "versions": version.scorecard.versions.order_by("-number"),
            "can_edit": can_edit,
            "can_design": user_has_role(request.user, Role.QA_MANAGER),
            "version_form": version_form,
            "group_form": GroupForm(),
            "groups": version.groups.order_by("order", "id"),
            "scorecard_form": ScorecardEditForm(instance=version.scorecard),
            "formula": FORMULA_TEXT,
            "total_points": sum(c.points for c in criteria),
            "diff": version_diff(version),
            "problems": publish_problems(version) if version.is_editable else [],
            "links": version_page_links_for(version, request.user),
        },
    )


@role_required(*QA_STAFF)
def scorecard_preview(request, pk):
    """The scoring form as officers will see it, answers disabled."""
    version = get_object_or_404(ScorecardVersion.objects.select_related("scorecard"), pk=pk)
    return render(
        request,
        "scorecards/preview.html",
        {"version": version, "groups": form_preview(version), "formula": FORMULA_TEXT},
    )


@role_required(Role.QA_MANAGER)
@require_POST
def group_add(request, pk):
    version = get_object_or_404(ScorecardVersion, pk=pk)
    form = GroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the group a title.")
        return redirect("scorecards:scorecard_version", pk=pk)
    try:
        group = svc.criterion_group_add(
            actor=request.user, version=version, title=form.cleaned_data["title"]
        )
        messages.success(request, f"Group “{group.title}” added.")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("scorecards:scorecard_version", pk=pk)


@role_required(Role.QA_MANAGER)
def criterion_edit(request, pk, criterion_pk=None):
    version = get_object_or_404(ScorecardVersion, pk=pk)
    criterion = (
        get_object_or_404(Criterion, pk=criterion_pk, version=version) if criterion_pk else None
    )
    if not version.is_editable:
        messages.error(
            request, f"{version} is {version.get_status_display().lower()}: it cannot be changed."
        )
        return redirect("scorecards:scorecard_version", pk=version.pk)
    form = CriterionForm(request.POST or None, instance=criterion, version=version)
    # The service checks key uniqueness within the version and the frozen state.
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = svc.criterion_save(
                actor=request.user,
                version=version,
                criterion=Criterion.objects.get(pk=criterion.pk) if criterion else None,
                key=data["key"],
                text=data["text"],
                points=data["points"],
                critical=data["critical"],
                guidance=data["guidance"] or "",
                na_when=data["na_when"] or "",
                group=data["group"],
                position=data["position"],
                detector_key=data["detector_key"] or "",
            )
            messages.success(request, f"Criterion “{saved.text}” saved.")
            return redirect("scorecards:scorecard_version", pk=version.pk)
        except ValidationError as exc:
            report_error(request, exc)
    return render(
        request,
        "scorecards/criterion_form.html",
        {
            "version": version,
            "criterion": criterion,
            "form": form,
        },
    )


@role_required(Role.QA_MANAGER)
@require_POST
def criterion_delete(request, pk, criterion_pk):
    criterion = get_object_or_404(Criterion, pk=criterion_pk, version_id=pk)
    try:
        svc.criterion_delete(actor=request.user, criterion=criterion)
        messages.success(request, f"Criterion “{criterion.text}” removed from the draft.")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("scorecards:scorecard_version", pk=pk)


@role_required(Role.QA_MANAGER)
def scorecard_publish(request, pk):
    """GET: the confirmation page (what will change, what stops publishing). POST: publish,
    only with the confirmation ticked; without it nothing changes."""
    version = get_object_or_404(ScorecardVersion.objects.select_related("scorecard"), pk=pk)
    if not version.is_editable:
        messages.error(
            request, f"{version} is {version.get_status_display().lower()}: it cannot be published."
        )
        return redirect("scorecards:scorecard_version", pk=pk)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            scorecard_version_publish(actor=request.user, version=version, request=request)
        except ValidationError as exc:
            report_error(request, exc)
            return redirect("scorecards:scorecard_publish", pk=pk)
        messages.success(
            request,
            f"{version} published. Calls sampled from now on are scored on it; calls already "
            "queued and draft evaluations stay on the version they were sampled under.",
        )
        return redirect("scorecards:scorecard_version", pk=pk)
    return render(
        request,
        "scorecards/publish.html",
        {
            "version": version,
            "form": form,
            "diff": version_diff(version),
            "groups": form_preview(version),
            "problems": publish_problems(version),
            "total_points": sum(c.points for c in version.criteria.all()),
        },
    )


@role_required(Role.QA_MANAGER)
@require_POST
def scorecard_edit(request, pk):
    scorecard = get_object_or_404(Scorecard, pk=pk)
    form = ScorecardEditForm(request.POST, instance=Scorecard.objects.get(pk=pk))
    back = request.POST.get("version", "")
    if not back.isdigit() or not scorecard.versions.filter(pk=back).exists():
        back = scorecard.versions.order_by("-number").first().pk
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return redirect("scorecards:scorecard_version", pk=back)
    svc.scorecard_update(actor=request.user, scorecard=scorecard, **form.cleaned_data)
    messages.success(request, f"Scorecard {scorecard} saved.")
    return redirect("scorecards:scorecard_version", pk=back)


@role_required(Role.QA_MANAGER)
@require_POST
def scorecard_new_draft(request, pk):
    scorecard = get_object_or_404(Scorecard, pk=pk)
    draft = svc.scorecard_version_new_draft(actor=request.user, scorecard=scorecard)
    messages.success(request, f"Draft {draft} ready to edit.")
    return redirect("scorecards:scorecard_version", pk=draft.pk)


@role_required(*QA_STAFF)
def scorecard_export(request, pk):
    version = get_object_or_404(ScorecardVersion.objects.select_related("scorecard"), pk=pk)
    response = JsonResponse(scorecard_document(version), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="scorecard-{version.scorecard.slug}-v{version.number}.json"'
    )
    return response


@role_required(Role.QA_MANAGER)
@require_POST
def scorecard_import(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a scorecard JSON document to import.")
        return redirect("scorecards:scorecard_list")
    try:
        document = loads_bounded(form.cleaned_data["document"].read())
    except JSONDocumentError as exc:
        messages.error(request, f"Scorecard document: {exc}.")
        return redirect("scorecards:scorecard_list")
    try:
        draft = import_document(actor=request.user, document=document)
    except ValidationError as exc:
        report_error(request, exc)
        return redirect("scorecards:scorecard_list")
    messages.success(request, f"Imported as draft {draft}. Review it, then publish.")
    return redirect("scorecards:scorecard_version", pk=draft.pk)
