"""Forms of the call screens: the calls list's filters."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from calls.models import Call
from org.models import Agent, Section, Team


class CallFilterForm(forms.Form):
    q = forms.CharField(
        label="Words said", required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. burst pipe"}),
    )  # fmt: skip
    agent = forms.ModelChoiceField(queryset=Agent.objects.none(), required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False)
    section = forms.ModelChoiceField(queryset=Section.objects.order_by("name"), required=False)
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    direction = forms.ChoiceField(choices=[("", "Any"), *Call.Direction.choices], required=False)
    caller_number = forms.CharField(label="Caller number", required=False, max_length=32)
    ims_reference = forms.CharField(label="IMS reference", required=False, max_length=40)
    state = forms.ChoiceField(
        label="State", choices=[("", "Any"), *Call.State.choices], required=False
    )
    flagged = forms.BooleanField(label="Needs listening only", required=False)
    complaint = forms.BooleanField(label="Linked to a complaint", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["agent"].queryset = Agent.objects.visible_to(user).with_people()
        self.fields["agent"].label_from_instance = lambda a: a.full_name

    def filter(self, calls):
        """``calls`` narrowed by every valid filter; a malformed one is dropped on its own."""
        if not self.is_bound:
            return calls
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            calls = calls.matching_words(data["q"])
        for field in ("agent", "section", "direction", "state"):
            if data.get(field):
                calls = calls.filter(**{field: data[field]})
        if data.get("team"):
            calls = calls.filter(agent__team=data["team"])
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            calls = calls.filter(
                started_at__gte=dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz)
            )
        if data.get("date_to"):
            end = data["date_to"] + dt.timedelta(days=1)
            calls = calls.filter(started_at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz))
        number = "".join(ch for ch in data.get("caller_number") or "" if ch.isdigit() or ch == "+")
        if number:
            # Without the right to see numbers, only the ending can be matched: the masked
            # number shows the last three digits anyway.
            if self.user.has_perm("calls.view_caller_number"):
                calls = calls.filter(caller_number__contains=number)
            else:
                calls = calls.filter(caller_number__endswith=number[-3:])
        if data.get("ims_reference"):
            calls = calls.filter(ims_reference__iexact=data["ims_reference"].strip())
        if data.get("flagged"):
            calls = calls.needing_listening()
        if data.get("complaint"):
            calls = calls.with_complaint_flag().filter(linked_to_complaint=True)
        return calls
