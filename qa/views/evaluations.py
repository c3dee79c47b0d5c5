"""The QA officer's workspace (score a call), the evaluation page every role reads, agent
review (acknowledge, dispute), dispute resolution and coaching."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from audit.models import AuditEvent
from autoscoring.selectors import suggestions_for
from core.access import Role, role_required, user_has_role
from core.charts import trend_svg
from qa.forms import CoachingForm, report_filter_from_query
from qa.models import Coaching, Dispute, DisputeItem, Evaluation, SampleItem
from qa.selectors.reports import apply_outcome, group_figures, overall_figure, trend
from qa.services import coaching as coaching_svc
from qa.services import evaluations as svc
from qa.services.evaluation_workflow import allowed_actions, dispute_deadline
from qa.views.common import QA_STAFF, REVIEWERS, call_panel, evidence_segments, report_error
from scoring.scorecard import FORMULA_TEXT


@role_required(*QA_STAFF)
@require_POST
def evaluation_start(request, item_pk):
    items = SampleItem.objects.select_related("call")
    if not user_has_role(request.user, Role.QA_MANAGER):
        items = items.assigned_to(request.user)
    item = get_object_or_404(items, pk=item_pk)
    try:
        evaluation = svc.evaluation_start(actor=request.user, call=item.call, sample_item=item)
    except ValidationError as exc:
        report_error(request, exc)
        return redirect("qa:queue")
    return redirect("qa:evaluation_score", pk=evaluation.pk)


def _in_group_order(answers) -> list:
    """Criteria grouped, each group once, in the version's group order then criterion order."""
    return sorted(
        answers,
        key=lambda a: (
            a.criterion.group is None,
            a.criterion.group.order if a.criterion.group else 0,
            a.criterion.group_id or 0,
            a.criterion.order,
            a.criterion_id,
        ),
    )


def _with_suggestions(evaluation, answers, segments) -> None:
    """Attach each row's suggestion (answer, reason, quoted evidence, question or not) for the
    form to show inline. One extra read of the call's auto-score (two queries)."""
    hints = (
        {}
        if evaluation.calibration_session_id
        else suggestions_for(evaluation.call, evaluation.version)
    )
    by_index = {s["index"]: s for s in segments}
    for row in answers:
        hint = hints.get(row.criterion.key)
        row.hint = None
        if not hint or not (hint.get("answer") or row.suggested_answer):
            continue
        quotes = []
        for item in hint.get("evidence") or []:
            if not isinstance(item, dict):
                continue
            seg = by_index.get(item.get("segment_index"))
            quotes.append(
                {
                    "index": item.get("segment_index"),
                    "start": item.get("start", seg["start"] if seg else None),
                    "text": seg["text"] if seg else item.get("text", ""),
                }
            )
        answer = hint.get("answer") or ""
        row.hint = {
            "answer": answer,
            "label": {"yes": "Yes", "no": "No", "na": "N/A"}.get(answer, "Check by listening"),
            "confidence": hint.get("confidence"),
            "source": hint.get("source") or "",
            "note": hint.get("note") or "",
            "quotes": quotes[:3],
            "question": svc.is_question(hint),
        }


def _answers_from_post(post, answers) -> dict[str, dict]:
    data = {}
    for row in answers:
        key = row.criterion.key
        evidence = [v for v in post.get(f"evidence-{key}", "").replace(",", " ").split() if v]
        data[key] = {
            "answer": post.get(f"answer-{key}", ""),
            "comment": post.get(f"comment-{key}", ""),
            "evidence": evidence,
        }
    return data


def _scoring_evaluation(request, pk):
    return get_object_or_404(
        Evaluation.objects.visible_to(request.user).with_related().filter(evaluator=request.user),
        pk=pk,
    )


@role_required(*QA_STAFF)
def evaluation_score(request, pk):
    evaluation = _scoring_evaluation(request, pk)
    if "save" not in allowed_actions(evaluation, request.user):
        return redirect("qa:evaluation_detail", pk=pk)
    answers = _in_group_order(evaluation.answers.select_related("criterion__group"))
    if request.method == "POST":
        data = _answers_from_post(request.POST, answers)
        try:
            svc.evaluation_save(
                actor=request.user,
                evaluation=evaluation,
                answers=data,
                comment=request.POST.get("comment", ""),
            )
            if request.POST.get("action") == "submit":
                svc.evaluation_submit(actor=request.user, evaluation=evaluation, request=request)
                messages.success(request, "Evaluation submitted.")
                if evaluation.calibration_session_id:
                    return redirect("qa:calibration_detail", pk=evaluation.calibration_session_id)
                return redirect("qa:queue")
            messages.success(request, "Draft saved.")
            return redirect("qa:evaluation_score", pk=pk)
        except ValidationError as exc:
            report_error(request, exc)
            # Show what the officer typed, not the stored draft.
            for row in answers:
                posted = data[row.criterion.key]
                row.answer = posted["answer"]
                row.comment = posted["comment"]
                row.evidence = posted["evidence"]
    evaluation.refresh_from_db()
    panel = call_panel(evaluation.call, request.user)
    segments = panel["segments"]
    _with_suggestions(evaluation, answers, segments)
    by_index = {s["index"]: s for s in segments}
    for row in answers:
        row.cited = [
            by_index[int(i)] for i in row.evidence if str(i).isdigit() and int(i) in by_index
        ]
    return render(
        request,
        "qa/evaluations/score.html",
        {
            **panel,
            "evaluation": evaluation,
            "answers": answers,
            "formula": FORMULA_TEXT,
            "has_suggestions": any(a.hint for a in answers),
            "pass_mark": evaluation.version.pass_mark,
        },
    )


@role_required(*QA_STAFF)
@require_POST
def evaluation_autosave(request, pk):
    """Save the draft the scoring page sends as the officer works (fetch, or a beacon when the
    page is left). Answers JSON: the running score when every criterion is answered."""
    evaluation = _scoring_evaluation(request, pk)
    answers = list(evaluation.answers.select_related("criterion"))
    try:
        evaluation = svc.evaluation_save(
            actor=request.user,
            evaluation=evaluation,
            answers=_answers_from_post(request.POST, answers),
            comment=request.POST.get("comment", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(getattr(exc, "messages", None) or [str(exc)])
        return JsonResponse({"saved": False, "error": text}, status=400)
    return JsonResponse(
        {
            "saved": True,
            "saved_at": timezone.localtime(evaluation.updated_at).strftime("%H:%M:%S"),
            "score": float(evaluation.score) if evaluation.score is not None else None,
        }
    )


def _visible(request):
    return Evaluation.objects.visible_to(request.user).with_related()


@role_required(*REVIEWERS)
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(_visible(request).select_related("dispute"), pk=pk)
    actions = allowed_actions(evaluation, request.user)
    if "save" in actions:
        return redirect("qa:evaluation_score", pk=pk)
    answers = list(
        evaluation.answers.select_related("criterion__group").prefetch_related(
            Prefetch("dispute_items", queryset=DisputeItem.objects.all())
        )
    )
    panel = call_panel(evaluation.call, request.user)
    for row in answers:
        row.evidence_segments = evidence_segments(panel["segments"], row.evidence)
    dispute = getattr(evaluation, "dispute", None)  # None when never disputed
    is_agent = evaluation.agent is not None and evaluation.agent.user_id == request.user.pk
    return render(
        request,
        "qa/evaluations/detail.html",
        {
            **panel,
            "evaluation": evaluation,
            "answers": answers,
            "formula": FORMULA_TEXT,
            "dispute": dispute,
            "is_agent": is_agent,
            "actions": actions,
            "dispute_deadline": dispute_deadline(evaluation),
            "can_coach": (
                user_has_role(request.user, Role.TEAM_LEADER)
                and evaluation.agent is not None
                and evaluation.agent.team_leader == request.user
                and any(a.answer == "no" for a in answers)
            ),
            "coachings": Coaching.objects.visible_to(request.user)
            .filter(evaluation=evaluation)
            .prefetch_related("criteria"),
            "history": AuditEvent.objects.for_object(evaluation),
        },
    )


@role_required(Role.AGENT)
@require_POST
def evaluation_acknowledge(request, pk):
    evaluation = get_object_or_404(_visible(request), pk=pk)
    try:
        svc.evaluation_acknowledge(actor=request.user, evaluation=evaluation, request=request)
        messages.success(request, "Evaluation acknowledged.")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("qa:evaluation_detail", pk=pk)


@role_required(Role.AGENT)
def evaluation_dispute(request, pk):
    evaluation = get_object_or_404(_visible(request), pk=pk)
    answers = list(evaluation.answers.select_related("criterion"))
    reasons = {}
    if request.method == "POST":
        chosen = request.POST.getlist("criteria")
        reasons = {key: request.POST.get(f"reason-{key}", "") for key in chosen}
        try:
            svc.evaluation_dispute(
                actor=request.user, evaluation=evaluation, reasons=reasons, request=request
            )
            messages.success(request, "Dispute sent to a QA manager.")
            return redirect("qa:evaluation_detail", pk=pk)
        except ValidationError as exc:
            report_error(request, exc)
    return render(
        request,
        "qa/evaluations/dispute.html",
        {
            "evaluation": evaluation,
            "answers": answers,
            "reasons": reasons,
            "deadline": dispute_deadline(evaluation),
            "open": "dispute" in allowed_actions(evaluation, request.user),
            "window_days": settings.QA_DISPUTE_WINDOW_DAYS,
        },
    )


@role_required(Role.QA_MANAGER)
def dispute_list(request):
    disputes = (
        Dispute.objects.visible_to(request.user)
        .select_related("evaluation__agent__user", "evaluation__call")
        .order_by("state", "-raised_at")
    )
    page = Paginator(disputes, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "qa/evaluations/dispute_list.html",
        {"page": page, "query": "", "formula": FORMULA_TEXT},
    )


@role_required(Role.QA_MANAGER)
def dispute_resolve(request, pk):
    dispute = get_object_or_404(
        Dispute.objects.visible_to(request.user).select_related(
            "evaluation__call__transcript", "evaluation__agent__user"
        ),
        pk=pk,
    )
    items = list(dispute.items.select_related("answer__criterion"))
    posted = {}
    if request.method == "POST":
        for item in items:
            key = item.answer.criterion.key
            posted[key] = {
                "decision": request.POST.get(f"decision-{key}", ""),
                "answer": request.POST.get(f"answer-{key}", ""),
                "reason": request.POST.get(f"reason-{key}", ""),
            }
        try:
            svc.dispute_resolve(
                actor=request.user, dispute=dispute, decisions=posted, request=request
            )
            dispute.refresh_from_db()
            messages.success(
                request, f"Dispute resolved. Score {dispute.score_before} → {dispute.score_after}."
            )
            return redirect("qa:evaluation_detail", pk=dispute.evaluation_id)
        except ValidationError as exc:
            report_error(request, exc)
    panel = call_panel(dispute.evaluation.call, request.user)
    for item in items:
        item.posted = posted.get(item.answer.criterion.key, {})
        item.evidence_segments = evidence_segments(panel["segments"], item.answer.evidence)
    return render(
        request,
        "qa/evaluations/dispute_resolve.html",
        {
            **panel,
            "dispute": dispute,
            "evaluation": dispute.evaluation,
            "items": items,
            "is_evaluator": dispute.evaluation.evaluator_id == request.user.pk,
            "can_resolve": "resolve" in allowed_actions(dispute.evaluation, request.user),
        },
    )


@role_required(Role.TEAM_LEADER)
def coaching_create(request, pk):
    evaluation = get_object_or_404(_visible(request), pk=pk)
    form = CoachingForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            coaching_svc.coaching_record(
                actor=request.user, evaluation=evaluation, request=request, **form.cleaned_data
            )
            messages.success(request, "Coaching recorded.")
            return redirect("qa:evaluation_detail", pk=pk)
        except ValidationError as exc:
            report_error(request, exc)
    return render(
        request, "qa/evaluations/coaching_form.html", {"evaluation": evaluation, "form": form}
    )


@role_required(Role.AGENT)
@require_POST
def coaching_acknowledge(request, pk):
    coaching = get_object_or_404(
        Coaching.objects.visible_to(request.user).filter(agent__user=request.user), pk=pk
    )
    try:
        coaching_svc.coaching_acknowledge(actor=request.user, coaching=coaching, request=request)
        messages.success(request, "Coaching acknowledged.")
    except ValidationError as exc:
        report_error(request, exc)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "qa:my_evaluations"
    return redirect(target)


def _list(request, qs, *, title, template="qa/evaluations/list.html", extra=None):
    form, flt = report_filter_from_query(request.GET, request.user)
    qs = flt.apply(qs)
    criterion = request.GET.get("criterion", "")
    outcome = request.GET.get("outcome", "")
    if criterion and outcome in ("no", "yes", "na"):
        qs = qs.filter(answers__criterion__key=criterion, answers__answer=outcome)
    else:
        qs = apply_outcome(qs, outcome)
    page = Paginator(qs.order_by("-submitted_at", "-id"), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    counted = qs.filter(kind=Evaluation.Kind.REGULAR).exclude(state=Evaluation.State.DRAFT)
    points = trend(counted, flt)
    context = {
        "trend": points,
        "chart": trend_svg(points),
        "title": title,
        "page": page,
        "query": params.urlencode(),
        "form": form,
        "formula": FORMULA_TEXT,
        "summary": overall_figure(
            qs.filter(kind=Evaluation.Kind.REGULAR).exclude(state="draft"), flt
        ),
        "min_n": settings.QA_MIN_EVALUATIONS,
    }
    context.update(extra or {})
    return render(request, template, context)


@role_required(*REVIEWERS)
def evaluation_list(request):
    return _list(
        request, _visible(request).exclude(state=Evaluation.State.DRAFT), title="Evaluations"
    )


@role_required(Role.TEAM_LEADER)
def team_evaluations(request):
    qs = _visible(request).filter(agent__team__leader=request.user)
    form, flt = report_filter_from_query(request.GET, request.user)
    return _list(
        request,
        qs,
        title="Team evaluations",
        extra={
            "agent_figures": group_figures(
                flt.apply(qs.filter(kind=Evaluation.Kind.REGULAR)), "agent", flt
            ),
        },
    )
