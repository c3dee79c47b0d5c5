from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from org.models import Agent, Section, Team

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class PeopleImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=[("agents", "Agents"), ("teams", "Teams")],
        widget=forms.RadioSelect,
        initial="agents",
    )
    file = forms.FileField(
        label="File (CSV or XLSX)",
        help_text="The first row holds the column names. Nothing is written until you confirm.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB; split it into parts.")
        return upload


# ---- one spreadsheet row each (core.spreadsheets.validate_rows) ----

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}


def section_named(value: str) -> Section:
    """A section by its code (``inbound``) or name (``Inbound``), as people type them."""
    section = (
        Section.objects.filter(slug__iexact=value).first()
        or Section.objects.filter(name__iexact=value).first()
    )
    if section is None:
        known = ", ".join(Section.objects.values_list("slug", flat=True))
        raise forms.ValidationError(f"unknown section {value!r} (use one of: {known}).")
    return section


class AgentRowForm(forms.Form):
    """One row of an agents file; keyed by employee number (an existing one is updated)."""

    employee_number = forms.CharField(max_length=20)
    username = forms.CharField(max_length=150)
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.CharField(max_length=254)
    section = forms.CharField()
    team = forms.CharField(required=False)
    active = forms.CharField(required=False)

    def clean_username(self):
        username = self.cleaned_data["username"]
        try:
            get_user_model().username_validator(username)
        except ValidationError:
            raise forms.ValidationError(
                f"{username!r} is not a valid username (letters, digits and @.+-_ only)."
            ) from None
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            validate_email(email)
        except ValidationError:
            raise forms.ValidationError(f"{email!r} is not a valid e-mail address.") from None
        return email

    def clean_section(self):
        return section_named(self.cleaned_data["section"])

    def clean_active(self):
        text = self.cleaned_data["active"].lower()
        if text and text not in _TRUE | _FALSE:
            raise forms.ValidationError(f"must be yes or no, not {self.cleaned_data['active']!r}.")
        return text not in _FALSE

    def clean(self):
        data = super().clean()
        username, number = data.get("username"), data.get("employee_number")
        if username and number:
            taken = (
                Agent.objects.filter(user__username=username)
                .exclude(employee_number=number)
                .values_list("employee_number", flat=True)
                .first()
            )
            if taken:
                self.add_error("username", f"{username!r} already belongs to agent {taken}.")
        name, section = data.get("team"), data.get("section")
        data["team"] = None
        if name:
            team = Team.objects.select_related("section").filter(name__iexact=name).first()
            if team is None:
                self.add_error("team", f"unknown team {name!r}.")
            elif section is not None and team.section_id != section.pk:
                self.add_error(
                    "team", f"{team.name!r} belongs to {team.section.name}, not {section.name}."
                )
            else:
                data["team"] = team
        return data


class TeamRowForm(forms.Form):
    """One row of a teams file; keyed by name, matched without regard to case."""

    name = forms.CharField(max_length=120)
    section = forms.CharField()
    leader = forms.CharField(required=False)

    def clean_section(self):
        return section_named(self.cleaned_data["section"])

    def clean_leader(self):
        username = self.cleaned_data["leader"]
        if not username:
            return None
        leader = get_user_model().objects.filter(username=username).first()
        if leader is None:
            raise forms.ValidationError(f"no login with username {username!r}.")
        return leader


# The import screen's column notes: (column, required, note).
PEOPLE_COLUMNS = {
    "agents": [
        ("employee_number", True, "unique; the key: an existing number updates that agent"),
        (
            "username",
            True,
            "the login name; a new login gets no password until an administrator sets one",
        ),
        ("first_name", True, ""),
        ("last_name", True, ""),
        ("email", True, "a valid e-mail address"),
        (
            "section",
            True,
            "inbound, outbound_collection, siyakhokha, correspondence or "
            "quality_assurance (or the section's name)",
        ),
        ("team", False, "an existing team's name, in the agent's section"),
        ("active", False, "yes or no (default yes)"),
    ],
    "teams": [
        ("name", True, "unique; the key: an existing name updates that team"),
        ("section", True, "as for agents"),
        ("leader", False, "username of an existing login; gets the team leader role"),
    ],
}
