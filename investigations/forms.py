from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from core.access import Role
from investigations.models import BathoPele, Case, Category, Outcome, Priority, RootCause, Source
from org.models import Department


class PlainLabels:
    """Labels without the trailing colon (they read better to screen readers and in tests)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CaseForm(PlainLabels, forms.Form):
    source = forms.ChoiceField(choices=Source.choices)
    source_reference = forms.CharField(
        label="Source's own reference", required=False, max_length=80
    )
    received_at = forms.DateTimeField(
        label="Received at (leave empty for now)",
        required=False,
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    complainant_name = forms.CharField(max_length=200)
    complainant_phone = forms.CharField(label="Complainant phone", required=False, max_length=32)
    complainant_email = forms.EmailField(label="Complainant e-mail", required=False)
    complainant_account = forms.CharField(
        label="Municipal account number", required=False, max_length=40
    )
    ward = forms.IntegerField(required=False, min_value=1, max_value=150)
    councillor = forms.CharField(required=False, max_length=200)
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
    category = forms.ChoiceField(choices=[("", "---------"), *Category.choices], required=False)
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.NORMAL)
    ims_references = forms.CharField(label="IMS reference(s), comma separated", required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))


class ReasonForm(PlainLabels, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class TookEffectForm(PlainLabels, forms.Form):
    """An acknowledgement or hold recorded after it happened: when it took effect (local time)
    and why it is recorded late. The workflow service checks the time against the case."""

    effective_at = forms.DateTimeField(
        label="Took effect at",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "invalid": "Give the time it took effect as a date and a time.",
            "required": "A reason for an earlier time was given without the time it took effect.",
        },
    )
    late_reason = forms.CharField(label="Why it is recorded late", required=False, max_length=500)


class AssignForm(PlainLabels, forms.Form):
    assignee = forms.ModelChoiceField(queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.INVESTIGATOR, is_active=True)
            .order_by("first_name", "last_name")
        )
        from investigations.selectors import investigator_workloads

        loads = investigator_workloads()

        def label(user):
            name = user.get_full_name() or user.username
            count, nearest = loads.get(user.pk, (0, None))
            if not count:
                return f"{name} — no open cases"
            due = f", nearest due {nearest:%a %-d %b}" if nearest else ""
            return f"{name} — {count} open case{'s' if count != 1 else ''}{due}"

        self.fields["assignee"].label_from_instance = label


class MergeForm(PlainLabels, forms.Form):
    into = forms.CharField(label="Merge into case (reference)", max_length=20)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class ClassifyForm(PlainLabels, forms.Form):
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
    category = forms.ChoiceField(choices=[("", "---------"), *Category.choices], required=False)


class FindingsForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["outcome", "root_cause", "batho_pele_breached", "findings", "response_text"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 5}),
            "response_text": forms.Textarea(attrs={"rows": 10}),
        }

    outcome = forms.ChoiceField(choices=[("", "---------"), *Outcome.choices], required=False)
    root_cause = forms.ChoiceField(choices=[("", "---------"), *RootCause.choices], required=False)
    batho_pele_breached = forms.ChoiceField(
        label="Batho Pele principle breached",
        choices=[("", "None"), *BathoPele.choices],
        required=False,
    )


class CorrectiveActionForm(PlainLabels, forms.Form):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(max_length=200)
    department = forms.ModelChoiceField(queryset=Department.objects.all(), required=False)
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


class NoteForm(PlainLabels, forms.Form):
    text = forms.CharField(label="Internal note", widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(PlainLabels, forms.Form):
    file = forms.FileField(label="Document")
