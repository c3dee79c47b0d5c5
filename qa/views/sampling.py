"""Sampling plans, samples and the QA officer's queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.access import Role, role_required
from core.stats import calls_to_detect, calls_to_estimate
from qa.forms import DrawForm, SamplingPlanForm
from qa.models import Sample, SampleItem, SamplingPlan
from qa.selectors.sampling import officer_workloads, qa_officers
from qa.services import sampling as svc
from qa.views.common import QA_STAFF, report_error
from scoring.scorecard import FORMULA_TEXT

ERROR_RATES = (0.02, 0.05, 0.10, 0.20)


def detection_table() -> list[dict]:
    return [
        {
            "rate": rate,
            "detect_90": calls_to_detect(rate, 0.90),
            "detect_95": calls_to_detect(rate, 0.95),
            "estimate_10": calls_to_estimate(rate, 0.10),
        }
        for rate in ERROR_RATES
    ]


@role_required(Role.QA_MANAGER)
def plan_list(request):
    form = SamplingPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sections = data.pop("sections")
        try:
            plan = svc.sampling_plan_save(actor=request.user, sections=sections, **data)
            messages.success(request, f"Sampling plan {plan} saved.")
            return redirect("qa:plan_detail", pk=plan.pk)
        except ValidationError as exc:
            report_error(request, exc)
    plans = SamplingPlan.objects.annotate(sample_count=Count("samples")).prefetch_related(
        "sections"
    )
    return render(request, "qa/sampling/plan_list.html", {"plans": plans, "form": form})


@role_required(Role.QA_MANAGER)
def plan_detail(request, pk):
    """The plan, its samples and the draw: "Preview the draw" shows what would be picked (and
    why calls were left out) without storing anything; "Assign these calls" draws exactly the
    previewed calls (same seed) and assigns them."""
    plan = get_object_or_404(SamplingPlan, pk=pk)
    default_start, _ = svc.last_complete_period(plan.period, timezone.localdate())
    draw_form = DrawForm(request.POST or None, initial={"day": default_start})
    if request.method == "POST" and draw_form.is_valid():
        day, seed = draw_form.cleaned_data["day"], draw_form.cleaned_data["seed"]
        if request.POST.get("action") != "assign":
            preview = svc.sample_preview(plan=plan, day=day, seed=seed)
            return render(
                request,
                "qa/sampling/preview.html",
                {"preview": preview, "plan": plan, "day": day, "workload": officer_workloads()},
            )
        try:
            sample = svc.sample_draw(
                actor=request.user, plan=plan, day=day, seed=seed, request=request
            )
            if sample.summary["random"] + sample.summary["risk"] == 0:
                messages.warning(
                    request,
                    "Sample drawn with 0 calls. "
                    + svc.sample_preview(plan=plan, day=day, seed=sample.seed)["empty_reason"]
                    + " Withdraw it to draw this period again.",
                )
            else:
                messages.success(
                    request,
                    f"Sample drawn: {sample.summary['random']} random calls and "
                    f"{sample.summary['risk']} risk pulls (seed {sample.seed}).",
                )
            return redirect("qa:sample_detail", pk=sample.pk)
        except ValidationError as exc:
            report_error(request, exc)
    samples = plan.samples.annotate(
        random_n=Count("items", filter=Q(items__reason=SampleItem.Reason.RANDOM)),
        risk_n=Count("items", filter=Q(items__reason=SampleItem.Reason.RISK)),
    )
    return render(
        request,
        "qa/sampling/plan_detail.html",
        {
            "plan": plan,
            "samples": samples,
            "draw_form": draw_form,
            "edit_form": SamplingPlanForm(instance=plan),
            "detection": detection_table(),
            "workload": officer_workloads(),
        },
    )


@role_required(Role.QA_MANAGER)
@require_POST
def sample_withdraw(request, pk):
    sample = get_object_or_404(Sample.objects.select_related("plan"), pk=pk)
    plan_pk = sample.plan_id
    try:
        svc.sample_withdraw(
            actor=request.user,
            sample=sample,
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except ValidationError as exc:
        report_error(request, exc)
        return redirect("qa:sample_detail", pk=pk)
    messages.success(request, "Sample withdrawn: its calls are back in the pool.")
    return redirect("qa:plan_detail", pk=plan_pk)


@role_required(Role.QA_MANAGER)
@require_POST
def plan_edit(request, pk):
    """Change a plan. Samples already drawn keep the parameters they were drawn with."""
    plan = get_object_or_404(SamplingPlan, pk=pk)
    form = SamplingPlanForm(request.POST, instance=SamplingPlan.objects.get(pk=pk))
    if form.is_valid():
        data = dict(form.cleaned_data)
        sections = data.pop("sections")
        try:
            svc.sampling_plan_save(actor=request.user, plan=plan, sections=sections, **data)
            messages.success(request, "Plan saved. Samples already drawn keep their parameters.")
        except ValidationError as exc:
            report_error(request, exc)
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
    return redirect("qa:plan_detail", pk=pk)


@role_required(Role.QA_MANAGER)
def sample_detail(request, pk):
    sample = get_object_or_404(Sample.objects.select_related("plan"), pk=pk)
    items = list(
        sample.items.select_related(
            "call__agent__user", "call__section", "assigned_to", "evaluation"
        ).order_by("call__agent__user__last_name", "call__started_at")
    )
    return render(
        request,
        "qa/sampling/sample_detail.html",
        {
            "sample": sample,
            "random_items": [i for i in items if i.reason == SampleItem.Reason.RANDOM],
            "risk_items": [i for i in items if i.reason == SampleItem.Reason.RISK],
            "officers": qa_officers(),
            "workload": officer_workloads(),
            "formula": FORMULA_TEXT,
            "withdrawable": svc.sample_withdrawable(sample),
        },
    )


@role_required(Role.QA_MANAGER)
@require_POST
def sample_item_reassign(request, pk):
    item = get_object_or_404(SampleItem, pk=pk)
    officer_id = request.POST.get("officer", "")
    officer = get_object_or_404(get_user_model(), pk=officer_id if officer_id.isdigit() else 0)
    try:
        svc.sample_item_reassign(actor=request.user, item=item, officer=officer, request=request)
        messages.success(request, f"{item.call} assigned to {item.assigned_to_name}.")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("qa:sample_detail", pk=item.sample_id)


@role_required(*QA_STAFF)
def queue(request):
    items = SampleItem.objects.queue_of(request.user)
    return render(request, "qa/sampling/queue.html", {"items": items})
