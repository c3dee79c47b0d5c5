"""The scorecard designer: QA managers create drafts, edit criteria, publish, export, import."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.access import Role, role_required, user_has_role
from qa.forms import (
    CriterionForm,
    ImportForm,
    ScorecardCreateForm,
    ScorecardEditForm,
    VersionForm,
)
from qa.models import Criterion, Scorecard, ScorecardVersion
from qa.selectors.scorecards import scorecard_document
from qa.services import scorecards as svc
from qa.views.common import QA_STAFF, report_error
from scoring.scorecard import FORMULA_TEXT


@role_required(*QA_STAFF)
def scorecard_list(request):
    scorecards = Scorecard.objects.prefetch_related("versions", "sections")
    return render(
        request,
        "qa/scorecards/list.html",
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
        return redirect("qa:scorecard_list")
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
    return redirect("qa:scorecard_version", pk=version.pk)


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
            return redirect("qa:scorecard_version", pk=pk)
        version_form = VersionForm(request.POST)
        if version_form.is_valid():
            try:
                svc.scorecard_version_update(
                    actor=request.user, version=version, **version_form.cleaned_data
                )
                messages.success(request, "Version saved.")
                return redirect("qa:scorecard_version", pk=pk)
            except ValidationError as exc:
                report_error(request, exc)
    return render(
        request,
        "qa/scorecards/version.html",
        {
            "version": version,
            "criteria": version.criteria.select_related("group").order_by("order", "id"),
            "versions": version.scorecard.versions.order_by("-number"),
            "can_edit": can_edit,
            "can_design": user_has_role(request.user, Role.QA_MANAGER),
            "version_form": version_form,
            "scorecard_form": ScorecardEditForm(instance=version.scorecard),
            "criterion_form": CriterionForm(initial={"order": version.criteria.count() + 1}),
            "formula": FORMULA_TEXT,
            "total_points": sum(c.points for c in version.criteria.all()),
        },
    )


@role_required(Role.QA_MANAGER)
def criterion_edit(request, pk, criterion_pk=None):
    version = get_object_or_404(ScorecardVersion, pk=pk)
    criterion = (
        get_object_or_404(Criterion, pk=criterion_pk, version=version) if criterion_pk else None
    )
    initial = {"group_title": criterion.group.title if criterion and criterion.group else ""}
    form = CriterionForm(request.POST or None, instance=criterion, initial=initial)
    # The service checks key uniqueness within the version and the frozen state.
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data.get(k) for k in form.fields}
        try:
            svc.criterion_save(
                actor=request.user,
                version=version,
                criterion=criterion,
                key=data["key"],
                text=data["text"],
                points=data["points"],
                critical=data["critical"],
                guidance=data["guidance"] or "",
                na_when=data["na_when"] or "",
                group_title=data["group_title"] or "",
                order=data["order"],
                detector_key=data["detector_key"] or "",
            )
            messages.success(request, f"Criterion {data['key']} saved.")
            return redirect("qa:scorecard_version", pk=version.pk)
        except ValidationError as exc:
            report_error(request, exc)
    return render(
        request,
        "qa/scorecards/criterion_form.html",
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
        messages.success(request, f"Criterion {criterion.key} removed from the draft.")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("qa:scorecard_version", pk=pk)


@role_required(Role.QA_MANAGER)
@require_POST
def scorecard_publish(request, pk):
    version = get_object_or_404(ScorecardVersion, pk=pk)
    try:
        svc.scorecard_version_publish(actor=request.user, version=version, request=request)
        messages.success(request, f"{version} published. New evaluations use it from now on.")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("qa:scorecard_version", pk=pk)


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
        return redirect("qa:scorecard_version", pk=back)
    svc.scorecard_update(actor=request.user, scorecard=scorecard, **form.cleaned_data)
    messages.success(request, f"Scorecard {scorecard} saved.")
    return redirect("qa:scorecard_version", pk=back)


@role_required(Role.QA_MANAGER)
@require_POST
def scorecard_new_draft(request, pk):
    scorecard = get_object_or_404(Scorecard, pk=pk)
    draft = svc.scorecard_version_new_draft(actor=request.user, scorecard=scorecard)
    messages.success(request, f"Draft {draft} ready to edit.")
    return redirect("qa:scorecard_version", pk=draft.pk)


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
        return redirect("qa:scorecard_list")
    try:
        document = json.loads(form.cleaned_data["document"].read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        messages.error(request, f"Scorecard document: not valid JSON ({exc}).")
        return redirect("qa:scorecard_list")
    try:
        draft = svc.scorecard_import(actor=request.user, document=document)
    except ValidationError as exc:
        report_error(request, exc)
        return redirect("qa:scorecard_list")
    messages.success(request, f"Imported as draft {draft}. Review it, then publish.")
    return redirect("qa:scorecard_version", pk=draft.pk)
