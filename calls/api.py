"""REST API for the telephony platform: post a recording with its metadata, read back its state
and (redacted) transcript. Token authentication (``Authorization: Token <key>``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import parsers, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.models import Call
from calls.services.ingest import IngestError, call_ingest


class CanIngestCalls(permissions.BasePermission):
    message = "This account may not submit recordings (needs permission calls.add_call)."

    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm("calls.add_call"))


class CallIngestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The recording (WAV, MP3, OGG/Opus, FLAC)")
    started_at = serializers.DateTimeField(required=False)
    direction = serializers.ChoiceField(choices=Call.Direction.choices, required=False)
    section = serializers.CharField(required=False, help_text="Section slug, e.g. inbound")
    agent = serializers.CharField(required=False, help_text="Username or employee number")
    caller_number = serializers.CharField(required=False, max_length=32)
    ims_reference = serializers.CharField(required=False, max_length=40)
    account_number = serializers.CharField(required=False, max_length=40)
    channel_layout = serializers.ChoiceField(
        choices=["auto", "stereo", "mono"], required=False, default="auto"
    )


class SegmentSerializer(serializers.Serializer):
    speaker = serializers.ChoiceField(choices=["agent", "caller", "unknown"])
    start = serializers.FloatField()
    end = serializers.FloatField()
    text = serializers.CharField()


class CallSerializer(serializers.ModelSerializer):
    segments = serializers.SerializerMethodField()
    duplicate = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "state",
            "failure_reason",
            "started_at",
            "duration_s",
            "direction",
            "channel_layout",
            "language",
            "needs_listening",
            "flags",
            "transcript_engine",
            "transcript_model",
            "segments",
            "duplicate",
        ]

    def get_duplicate(self, obj) -> bool:
        """True when the posted recording had been received before."""
        return bool(self.context.get("duplicate", False))

    def get_segments(self, obj) -> list[dict]:
        """The redacted transcript segments (standards.md section 2); empty until transcribed."""
        transcript = getattr(obj, "transcript", None)
        if transcript is None:
            return []
        return [
            {k: s[k] for k in ("speaker", "start", "end", "text")}
            for s in transcript.redacted_segments
        ]


class CallCollection(APIView):
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    permission_classes = [permissions.IsAuthenticated, CanIngestCalls]

    @extend_schema(
        operation_id="calls_create",
        summary="Submit a call recording",
        description=(
            "Stores the recording once under its SHA-256 and queues it for transcription. "
            "A recording already received returns the existing call with 200 and "
            "duplicate=true. A file that is not audio, is empty or too long, or invalid "
            "metadata, returns 400 with the reason and stores nothing."
        ),
        request={"multipart/form-data": CallIngestSerializer},
        responses={
            201: CallSerializer,
            200: OpenApiResponse(CallSerializer, description="duplicate of a stored recording"),
            400: OpenApiResponse(description="rejected; `detail` says why"),
        },
    )
    def post(self, request):
        serializer = CallIngestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        upload = data.pop("file")
        if data.get("started_at"):
            data["started_at"] = data["started_at"].isoformat()
        try:
            result = call_ingest(
                file=upload,
                original_name=upload.name,
                source=Call.Source.API,
                metadata=data,
                actor=request.user,
                request=request,
            )
        except IngestError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        body = CallSerializer(result.call, context={"duplicate": not result.created}).data
        return Response(body, status=status.HTTP_201_CREATED if result.created else 200)


class CallItem(APIView):
    @extend_schema(
        operation_id="calls_retrieve",
        summary="A call's state and redacted transcript",
        responses={200: CallSerializer, 404: OpenApiResponse(description="no such call")},
    )
    def get(self, request, pk: int):
        call = get_object_or_404(
            Call.objects.visible_to(request.user).select_related("transcript"), pk=pk
        )
        return Response(CallSerializer(call).data)
