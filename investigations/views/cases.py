from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.access import Role, role_required, user_has_role
from investigations import hooks
from investigations.forms import (
    AssignForm,
    CaseForm,
    ClassifyForm,
    CorrectiveActionForm,
    DocumentForm,
    FindingsForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    TookEffectForm,
)
from investigations.models import Case, State
from investigations.selectors import case_deadline_views, case_history
from investigations.services import workflow
from investigations.services.cases import (
    case_classify,
    case_create,
    case_follow_up_create,
    case_view_record,
)
from investigations.services.findings import (
    case_findings_update,
    corrective_action_add,
    corrective_action_done,
)
from investigations.services.findings import case_response_draft as case_response_draft_service
from investigations.services.triage import duplicates_find, triage_suggest
from investigations.views.common import CASE_ROLES, case_for, error_text, may_work


@role_required(*CASE_ROLES)
def case_new(request):
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_create(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"Case {case.reference} opened.")
            return redirect("investigations:case_detail", pk=case.pk)
    return render(request, "investigations/case_new.html", {"form": form})


@role_required(*CASE_ROLES)
def case_detail(request, pk):
    case = case_for(request, pk)
    personal = request.user.has_perm("investigations.view_complainant")
    case_view_record(case=case, user=request.user, request=request, personal_data=personal)
    works = may_work(request.user, case)
    evidence = case.evidence.select_related("call", "document").order_by("added_at", "pk")
    corrective_actions = list(case.corrective_actions.select_related("department"))
    context = {
        "case": case,
        "personal": personal,
        "may_work": works,
        "is_supervisor": user_has_role(request.user, Role.INVESTIGATIONS_SUPERVISOR),
        "deadlines": case_deadline_views(case),
        "actions": workflow.allowed_actions(case, request.user) if works else [],
        "reopen_window_ends": workflow.reopen_window_ends(case),
        "now": timezone.now(),
        "took_effect_max": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "evidence": evidence,
        "corrective_actions": corrective_actions,
        "open_actions": [a for a in corrective_actions if a.done_at is None],
        "ims": list(case.ims_references.values_list("reference", flat=True)),
        "history": case_history(case),
        "alerts": case.alerts.all(),
        "duplicates_merged": case.duplicates.all(),
        "follow_ups": case.follow_ups.all(),
        "suggestions": triage_suggest(text=case.description) if case.is_open else None,
        "duplicates": duplicates_find(case=case) if case.is_open else [],
        "assign_form": AssignForm(),
        "merge_form": MergeForm(),
        "classify_form": ClassifyForm(
            initial={"department": case.department_id, "category": case.category}
        ),
        "findings_form": _findings_form(case),
        "tabs": CASE_TABS,
        "action_form": CorrectiveActionForm(),
        "note_form": NoteForm(),
        "document_form": DocumentForm(),
        "case_links": hooks.case_page_links_for(case, request.user),
        "findings_editable": case.state in (State.INVESTIGATING, State.ON_HOLD) and works,
        "evidence_editable": case.is_open and works,
    }
    return render(request, "investigations/case_detail.html", context)


# The case page's sections, in tab order: (anchor, label). Every section is in the page; the
# anchors work without JavaScript and static/js/case_tabs.js turns them into tabs.
CASE_TABS = (
    ("summary", "Summary"),
    ("clock", "Clock"),
    ("evidence", "Evidence"),
    ("findings", "Findings"),
    ("response", "Response"),
    ("history", "History"),
)


def _findings_form(case):
    """The findings form; its response field sits on the Response tab, tied to the form."""
    form = FindingsForm(instance=case)
    form.fields["response_text"].widget.attrs["form"] = "findings-form"
    return form


def _supervisor_only(request):
    if not user_has_role(request.user, Role.INVESTIGATIONS_SUPERVISOR):
        raise PermissionDenied("Only an investigations supervisor may do this.")


def _back(case, tab: str = ""):
    """Back to the case page, on the tab of the form just sent."""
    url = reverse("investigations:case_detail", args=[case.pk])
    return redirect(f"{url}#{tab}" if tab else url)


@require_POST
@role_required(*CASE_ROLES)
def case_action(request, pk, action):
    case = case_for(request, pk, work=True)
    service = workflow.ACTION_SERVICES.get(action)
    if service is None:
        raise Http404("No such action.")
    if action == "respond":
        # correspondence keeps the exact PDF sent, with its SHA-256 (investigations.hooks)
        service = hooks.record_sent.get(service)
    form = ReasonForm(request.POST)
    form.is_valid()
    kwargs = {"case": case, "actor": request.user, "request": request}
    transition = workflow.TRANSITIONS[action]
    if transition.needs_reason:
        kwargs["reason"] = form.cleaned_data.get("reason", "")
    if transition.confirm:
        if case.state in transition.sources and request.POST.get("confirm") != "yes":
            messages.error(
                request,
                f"Tick the box to confirm: {transition.label.lower()}. Nothing was changed.",
            )
            return _back(case)
        kwargs["comment"] = request.POST.get("comment", "")
    if action == "close":
        kwargs["override"] = request.POST.get("override", "")
    typed = [request.POST.get(f, "").strip() for f in ("effective_at", "late_reason")]
    if transition.back_datable and any(typed):
        took_effect = TookEffectForm(request.POST)
        if not took_effect.is_valid():
            errors = [str(e) for field in took_effect.errors.values() for e in field]
            messages.error(request, " ".join(errors) + " Nothing was changed.")
            return _back(case)
        kwargs["now"] = took_effect.cleaned_data["effective_at"]
        kwargs["late_reason"] = took_effect.cleaned_data["late_reason"]
    if action == "acknowledge" and request.POST.get("assignee"):
        _supervisor_only(request)
        assign = AssignForm(request.POST)
        if not assign.is_valid():
            messages.error(request, "Choose an investigator. Nothing was changed.")
            return _back(case)
        service = workflow.case_acknowledge_and_assign
        kwargs["assignee"] = assign.cleaned_data["assignee"]
    try:
        case = service(**kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            f"{case.reference}: {workflow.TRANSITIONS[action].label} done — now "
            f"{case.get_state_display().lower()}.",
        )
    return _back(case)


@require_POST
@role_required(*CASE_ROLES)
def case_assign(request, pk):
    case = case_for(request, pk, work=True)
    _supervisor_only(request)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an investigator.")
        return _back(case)
    try:
        workflow.case_assign(
            case=case, actor=request.user, assignee=form.cleaned_data["assignee"], request=request
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{case.reference} assigned.")
    return _back(case)


@require_POST
@role_required(*CASE_ROLES)
def case_merge(request, pk):
    case = case_for(request, pk, work=True)
    _supervisor_only(request)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the case to merge into and a reason.")
        return _back(case)
    into = (
        Case.objects.visible_to(request.user)
        .filter(reference__iexact=form.cleaned_data["into"].strip())
        .first()
    )
    if into is None:
        messages.error(request, f"No case {form.cleaned_data['into']}.")
        return _back(case)
    try:
        workflow.case_merge(
            case=case,
            actor=request.user,
            into=into,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{case.reference} merged into {into.reference}.")
    return _back(case)


@require_POST
@role_required(*CASE_ROLES)
def case_follow_up(request, pk):
    case = case_for(request, pk, work=True)
    if case.state != State.CLOSED:
        messages.error(request, "A follow-up case is opened from a closed case.")
        return _back(case)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        follow_up = case_follow_up_create(
            case=case,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return _back(case)
    messages.success(request, f"Follow-up case {follow_up.reference} opened.")
    return _back(follow_up)


@require_POST
@role_required(*CASE_ROLES)
def case_classify_view(request, pk):
    case = case_for(request, pk, work=True)
    form = ClassifyForm(request.POST)
    if form.is_valid():
        case_classify(
            case=case,
            actor=request.user,
            department=form.cleaned_data["department"],
            category=form.cleaned_data["category"],
            request=request,
        )
        messages.success(request, "Department and category saved.")
    else:
        messages.error(request, "Choose a valid department and category.")
    return _back(case, "summary")


def _findings_save(request, case) -> bool:
    """Save the findings form as posted; False (with the reason shown) if it was refused."""
    form = FindingsForm(request.POST, instance=Case.objects.get(pk=case.pk))
    if not form.is_valid():
        messages.error(request, "Check the findings: " + form.errors.as_text())
        return False
    try:
        case_findings_update(
            case=case,
            actor=request.user,
            request=request,
            **{f: form.cleaned_data[f] for f in FindingsForm.Meta.fields},
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return False
    return True


@require_POST
@role_required(*CASE_ROLES)
def case_findings(request, pk):
    case = case_for(request, pk, work=True)
    if _findings_save(request, case):
        messages.success(request, "Findings saved.")
    # The response field's own button brings the page back to the Response tab.
    tab = "response" if request.POST.get("tab") == "response" else "findings"
    return _back(case, tab)


@require_POST
@role_required(*CASE_ROLES)
def case_response_draft(request, pk):
    """Draft the response from the findings. The button sits in the findings form, so what was
    typed there is saved first and the draft is made from it; nothing typed is lost."""
    case = case_for(request, pk, work=True)
    if "findings" in request.POST and not _findings_save(request, case):
        return _back(case, "response")
    try:
        case, drafted = case_response_draft_service(case=case, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        if drafted:
            messages.success(
                request, "Findings saved and the response drafted from them: edit and save it."
            )
        else:
            messages.info(
                request,
                "Findings saved. The response you wrote was kept: clear it and press "
                '"Draft the response" again to redraft it from the findings.',
            )
    return _back(case, "response")


@require_POST
@role_required(*CASE_ROLES)
def case_corrective_action(request, pk):
    case = case_for(request, pk, work=True)
    form = CorrectiveActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the corrective action: " + form.errors.as_text())
        return _back(case, "findings")
    try:
        corrective_action_add(case=case, actor=request.user, request=request, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "Corrective action added.")
    return _back(case, "findings")


@require_POST
@role_required(*CASE_ROLES)
def corrective_action_done_view(request, pk, action_pk):
    case = case_for(request, pk, work=True)
    action = case.corrective_actions.filter(pk=action_pk).first()
    if action is None:
        raise Http404("No such corrective action on this case.")
    try:
        corrective_action_done(action=action, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "Corrective action marked done.")
    return _back(case, "findings")
