from django import forms


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, label="Actor (name or username)")
    object_type = forms.CharField(required=False, label="Object type (e.g. calls.call)")
    object_id = forms.CharField(required=False, label="Object id")
    action = forms.CharField(required=False, label="Action (e.g. call.listen)")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("actor"):
            queryset = queryset.filter(actor_name__icontains=data["actor"])
        if data.get("object_type"):
            queryset = queryset.filter(object_type=data["object_type"].lower())
        if data.get("object_id"):
            queryset = queryset.filter(object_id=data["object_id"])
        if data.get("action"):
            queryset = queryset.filter(action__startswith=data["action"])
        if data.get("date_from"):
            queryset = queryset.filter(occurred_at__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(occurred_at__date__lte=data["date_to"])
        return queryset
