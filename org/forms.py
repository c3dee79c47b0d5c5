from django import forms

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
