"""The designer's forms. Pick lists wherever a free value could go wrong: the detector (from the
registry, by what it checks), the group (the version's groups) and the position."""

from __future__ import annotations

from django import forms

from scorecards.models import Criterion, CriterionGroup, Scorecard, ScorecardVersion
from scorecards.selectors import detector_choices


class ScorecardCreateForm(forms.ModelForm):
    class Meta:
        model = Scorecard
        fields = ["slug", "name", "description", "direction", "sections"]
        widgets = {"sections": forms.CheckboxSelectMultiple}


class ScorecardEditForm(forms.ModelForm):
    class Meta:
        model = Scorecard
        fields = ["name", "description", "direction", "sections"]
        widgets = {"sections": forms.CheckboxSelectMultiple}


class VersionForm(forms.Form):
    pass_mark = forms.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=100,
        help_text="The score (0 to 100) a call needs to pass.",
    )
    change_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class GroupForm(forms.Form):
    title = forms.CharField(label="New group", max_length=200)


AT_THE_END = "end"


class CriterionForm(forms.ModelForm):
    """A criterion of a draft. ``position`` is where it goes in the list (a new one goes at the
    end unless the manager picks a place); ``group`` is one of the version's groups."""

    group = forms.ModelChoiceField(
        queryset=CriterionGroup.objects.none(), required=False, empty_label="(no group)"
    )
    detector_key = forms.ChoiceField(label="Detector", required=False)
    position = forms.ChoiceField(label="Position")
    points = forms.IntegerField(
        min_value=1, max_value=100, help_text="A whole number from 1 to 100."
    )

    class Meta:
        model = Criterion
        fields = ["key", "text", "guidance", "points", "critical", "na_when", "group"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, version: ScorecardVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = version.groups.order_by("order", "id")
        # A stored key the registry no longer has is not offered: the manager picks again.
        self.fields["detector_key"].choices = detector_choices()
        if self.instance.pk:
            self.fields["detector_key"].initial = self.instance.detector_key
        criteria = version.criteria.order_by("order", "id")
        others = [c for c in criteria if c.pk != self.instance.pk]
        self.fields["position"].choices = [
            (str(i), f"{i}. before “{c.text}”") for i, c in enumerate(others, start=1)
        ] + [(AT_THE_END, f"{len(others) + 1}. at the end")]
        self.fields["position"].initial = AT_THE_END
        if self.instance.pk:
            mine = (self.instance.order, self.instance.pk)
            before = [c for c in others if (c.order, c.pk) < mine]
            if len(before) < len(others):
                self.fields["position"].initial = str(len(before) + 1)
        self.order_fields(
            ["key", "text", "guidance", "group", "position", "points", "critical", "na_when"]
        )

    def clean_position(self) -> int | None:
        """A 1-based position, or None for the end."""
        value = self.cleaned_data["position"]
        return None if value == AT_THE_END else int(value)


class ImportForm(forms.Form):
    document = forms.FileField(label="Scorecard JSON document")


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the preview and the changes; publish this version",
        required=True,
        error_messages={"required": "Tick the confirmation to publish."},
    )
