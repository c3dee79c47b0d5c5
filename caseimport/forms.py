from django import forms

from investigations.forms import PlainLabels


class ImportForm(PlainLabels, forms.Form):
    file = forms.FileField(label="CSV or XLSX file")
