from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from calls.models import Call
from core.access import Role
from org.models import Agent, Section, Team
from qa.models import SamplingPlan
from qa.selectors.reports import GROUPINGS, ReportFilter
from scorecards.models import Criterion, Scorecard


class SamplingPlanForm(forms.ModelForm):
    class Meta:
        model = SamplingPlan
        fields = [
            "name",
            "period",
            "mode",
            "calls_per_agent",
            "percentage",
            "minimum_per_agent",
            "sections",
            "risk_pulls",
            "short_call_s",
            "long_call_s",
            "low_autoscore",
            "repeat_caller_calls",
            "max_risk_per_agent",
            "active",
        ]
        widgets = {"sections": forms.CheckboxSelectMultiple}


class DrawForm(forms.Form):
    # The view sets the initial day to the start of the last complete period, so a draw never
    # defaults to a period still filling up.
    day = forms.DateField(
        label="A day in the period",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        help_text="Leave empty for a fresh random seed; give a stored seed to repeat a draw.",
    )


class CoachingForm(forms.Form):
    criteria = forms.ModelMultipleChoiceField(
        queryset=Criterion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Failed criteria to coach on",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    follow_up_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criterion.objects.filter(
            answers__evaluation=evaluation, answers__answer="no"
        ).order_by("order")


class CalibrationForm(forms.Form):
    title = forms.CharField(max_length=200)
    call = forms.ModelChoiceField(queryset=Call.objects.none())
    participants = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="QA officers",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The 200 latest transcribed calls (a sliced queryset could not validate the choice).
        latest = list(
            Call.objects.filter(state=Call.State.TRANSCRIBED)
            .order_by("-started_at", "-pk")
            .values_list("pk", flat=True)[:200]
        )
        self.fields["call"].queryset = (
            Call.objects.filter(pk__in=latest).with_related().order_by("-started_at", "-pk")
        )
        self.fields["call"].label_from_instance = lambda c: (
            f"{c} · {c.agent.full_name if c.agent else 'no agent'} · {c.section or ''}"
        )
        self.fields["participants"].queryset = (
            get_user_model().objects.filter(groups__name=Role.QA_OFFICER).order_by("last_name")
        )
        self.fields["participants"].label_from_instance = lambda u: u.get_full_name() or u.username


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    group = forms.ChoiceField(
        label="Per", choices=[(k, v[1]) for k, v in GROUPINGS.items()], required=False
    )
    agent = forms.ModelChoiceField(queryset=Agent.objects.none(), required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.all(), required=False)
    section = forms.ModelChoiceField(queryset=Section.objects.all(), required=False)
    scorecard = forms.ModelChoiceField(queryset=Scorecard.objects.all(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        agents = Agent.objects.visible_to(user)
        self.fields["agent"].queryset = agents.with_people()
        # Only the teams and sections of the agents this user may see: an agent is offered
        # their own, a team leader theirs (other choices could only ever show nothing).
        self.fields["team"].queryset = Team.objects.filter(pk__in=agents.values("team_id"))
        self.fields["section"].queryset = Section.objects.filter(pk__in=agents.values("section_id"))

    def report_filter(self) -> ReportFilter:
        # A malformed filter is dropped on its own; the valid ones still apply.
        self.is_valid()
        data = self.cleaned_data
        return ReportFilter(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            agent=data["agent"].pk if data.get("agent") else None,
            team=data["team"].pk if data.get("team") else None,
            section=data["section"].pk if data.get("section") else None,
            scorecard=data["scorecard"].pk if data.get("scorecard") else None,
        )


def report_filter_from_query(params, user) -> tuple[ReportFilterForm, ReportFilter]:
    """The filter the report figures link with (``?date_from=&agent=...``)."""
    form = ReportFilterForm(params, user=user)
    return form, form.report_filter()
