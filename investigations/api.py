"""REST intake for the originating offices' systems (token auth; OpenAPI via drf-spectacular).
Every write goes through ``case_create``; the response carries the computed deadlines."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from core.access import Role, user_has_role
from investigations.models import Case, Category, Priority, Source
from investigations.selectors import case_deadline_views
from investigations.services.cases import case_create, case_view_record
from org.models import Department


class IsCaseRole(permissions.BasePermission):
    message = "Your role does not give access to investigation cases."

    def has_permission(self, request, view):
        return user_has_role(request.user, Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR)


class DeadlineSerializer(serializers.Serializer):
    name = serializers.CharField()
    due = serializers.DateTimeField()
    status = serializers.CharField()
    met_at = serializers.DateTimeField(allow_null=True)
    working_days_left = serializers.IntegerField()


class CaseSerializer(serializers.ModelSerializer):
    """A case as returned by the API. Complainant details only for roles that may see them."""

    source = serializers.ChoiceField(choices=Source.choices)
    department = serializers.SlugRelatedField(
        slug_field="slug", queryset=Department.objects.all(), required=False, allow_null=True
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    ims_references = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, write_only=True
    )
    received_at = serializers.DateTimeField(required=False)
    deadlines = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "reference",
            "source",
            "source_reference",
            "received_at",
            "complainant_name",
            "complainant_phone",
            "complainant_email",
            "complainant_account",
            "ward",
            "councillor",
            "department",
            "category",
            "priority",
            "ims_references",
            "description",
            "state",
            "acknowledge_due",
            "response_due",
            "deadlines",
        ]
        read_only_fields = ["reference", "state", "acknowledge_due", "response_due", "deadlines"]
        extra_kwargs = {"complainant_name": {"required": True}}

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case) -> list[dict]:
        return DeadlineSerializer(case_deadline_views(case), many=True).data

    def to_representation(self, case):
        data = super().to_representation(case)
        data["ims_references"] = list(case.ims_references.values_list("reference", flat=True))
        user = self.context["request"].user
        if not user.has_perm("investigations.view_complainant"):
            for field in (
                "complainant_name",
                "complainant_phone",
                "complainant_email",
                "complainant_account",
            ):
                data.pop(field, None)
        return data

    def create(self, validated):
        try:
            return case_create(
                actor=self.context["request"].user,
                request=self.context["request"],
                via="api",
                **validated,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class CasePages(PageNumberPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class CaseListCreate(generics.ListCreateAPIView):
    """List the cases you may see (50 a page), or open a case (the response includes its
    deadlines)."""

    serializer_class = CaseSerializer
    pagination_class = CasePages
    permission_classes = [permissions.IsAuthenticated, IsCaseRole]

    def get_queryset(self):
        return (
            Case.objects.visible_to(self.request.user)
            .with_related()
            .prefetch_related("ims_references")
            .order_by("-received_at")
        )


class CaseDetail(generics.RetrieveAPIView):
    serializer_class = CaseSerializer
    permission_classes = [permissions.IsAuthenticated, IsCaseRole]

    def get_object(self):
        case = get_object_or_404(
            Case.objects.visible_to(self.request.user).with_related(),
            reference=self.kwargs["reference"],
        )
        case_view_record(
            case=case,
            user=self.request.user,
            request=self.request,
            personal_data=self.request.user.has_perm("investigations.view_complainant"),
        )
        return case
