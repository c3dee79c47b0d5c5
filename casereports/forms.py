"""Filters of the report pages."""

from __future__ import annotations

import datetime as dt

from django import forms

from casereports.selectors.offices import OfficeFilter
from investigations.models import Source
from org.models import Department


class PlainLabels:
    """Labels without the trailing colon (they read better to screen readers and in tests)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReportFilterForm(PlainLabels, forms.Form):
    start = _date("Received from")
    end = _date("Received to")


class OfficeFilterForm(PlainLabels, forms.Form):
    """The filter of the Reports for the Offices (period, source, department, ward) and the
    grouping of the tables."""

    start = _date("Received from")
    end = _date("Received to")
    source = forms.ChoiceField(
        label="Source", required=False, choices=[("", "All sources"), *Source.choices]
    )
    department = forms.ModelChoiceField(
        label="Department",
        required=False,
        queryset=Department.objects.all(),
        empty_label="All departments",
    )
    ward = forms.IntegerField(label="Ward", required=False, min_value=1, max_value=150)
    group = forms.ChoiceField(
        label="Group by",
        required=False,
        choices=[("source", "Source"), ("department", "Department"), ("ward", "Ward")],
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("The period ends before it starts.")
        return cleaned

    def filter_words(self) -> str:
        """The filter's source, department and ward as people read them (on the pack)."""
        data = self.cleaned_data
        words = []
        if data.get("source"):
            words.append(dict(self.fields["source"].choices)[data["source"]])
        if data.get("department"):
            words.append(data["department"].name)
        if data.get("ward"):
            words.append(f"ward {data['ward']}")
        return ", ".join(words)

    def office_filter(self) -> OfficeFilter:
        data = self.cleaned_data
        return OfficeFilter(
            start=data.get("start"),
            end=data.get("end"),
            source=data.get("source") or "",
            department=data["department"].pk if data.get("department") else None,
            ward=data.get("ward"),
        )


class MonthField(forms.CharField):
    """A month as YYYY-MM (what <input type="month"> sends)."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            month = dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError("Give the month as YYYY-MM, e.g. 2026-11.") from None
        if not 2000 <= month.year <= 2100:
            raise forms.ValidationError("Give a month between 2000 and 2100.")
        return month


class MonthlyPackForm(OfficeFilterForm):
    month = MonthField(label="Month", required=False)
