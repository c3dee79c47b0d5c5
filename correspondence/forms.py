from __future__ import annotations

from django import forms

from investigations.forms import PlainLabels
from investigations.models import Source


class MailUploadForm(PlainLabels, forms.Form):
    message = forms.FileField(
        label="E-mail message (.eml or .msg)",
        help_text="Save the e-mail from your mail program as .eml, or drag it out of Outlook "
        "as .msg.",
    )


class DraftConfirmForm(PlainLabels, forms.Form):
    source = forms.ChoiceField(choices=Source.choices, help_text="Guessed from the sender.")
    source_reference = forms.CharField(
        label="Source's own reference", required=False, max_length=80
    )
    complainant_name = forms.CharField(max_length=200, help_text="The resident complaining.")
    complainant_phone = forms.CharField(label="Complainant phone", required=False, max_length=32)
    complainant_email = forms.EmailField(label="Complainant e-mail", required=False)
    ward = forms.IntegerField(required=False, min_value=1, max_value=150)
    ims_references = forms.CharField(
        label="IMS reference(s)",
        required=False,
        max_length=500,
        help_text="Found in the message; separate several with commas.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}))


class DiscardForm(PlainLabels, forms.Form):
    reason = forms.CharField(
        label="Reason to discard", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class OfficeAddressForm(PlainLabels, forms.Form):
    pattern = forms.CharField(label="Address or domain", max_length=254)
    office = forms.CharField(max_length=200)
    source = forms.ChoiceField(choices=Source.choices)
