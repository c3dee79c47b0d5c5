from __future__ import annotations

import re

from django.conf import settings
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core.access import Role, user_roles


class Recording(models.Model):
    """An audio file, stored once under its SHA-256 however often it arrives."""

    sha256 = models.CharField(max_length=64, unique=True)
    file = models.FileField(upload_to="recordings/", max_length=300)
    size_bytes = models.BigIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    audit_former_labels = ("qa.recording",)

    class Meta:
        db_table = "qa_recording"  # the table the qa app created; kept when the model moved

    def __str__(self) -> str:
        return f"{self.original_name or self.sha256[:12]}"


# The text people may read of a transcript, as a tsvector: the expression of the GIN index
# (migration calls 0003) -- keep the two identical or the index is not used.
PG_TRANSCRIPT_TSVECTOR = (
    "to_tsvector('simple'::regconfig, jsonb_path_query_array(CASE WHEN "
    "jsonb_array_length(redacted_segments) > 0 THEN redacted_segments ELSE segments END, "
    "'$[*].text')::text)"
)


def search_terms(text: str) -> list[str]:
    """The words of a search box, lower-cased: letters and digits only, so nothing a person
    types can break the full-text query syntax."""
    return [w.lower() for w in re.findall(r"\w+", text or "")][:12]


class CallQuerySet(models.QuerySet):
    def matching_words(self, text: str):
        """Calls whose transcript (the text people may read: redacted) contains every word of
        ``text``. SQLite: the FTS5 table; PostgreSQL: the GIN-indexed tsvector. One subquery."""
        terms = search_terms(text)
        if not terms:
            return self
        if connection.vendor == "postgresql":
            sql = (
                f"SELECT call_id FROM qa_transcript WHERE {PG_TRANSCRIPT_TSVECTOR} "
                "@@ plainto_tsquery('simple'::regconfig, %s)"
            )
            # Constant SQL; the words are a bound parameter.
            return self.filter(pk__in=RawSQL(sql, [" ".join(terms)]))  # noqa: S611
        match = " ".join(f'"{t}"' for t in terms)
        # "+id": SQLite then walks the started_at index newest first and stops at a page of
        # matches, instead of fetching and sorting every match of a common word.
        sql = (
            f'+"{Call._meta.db_table}"."id" IN (SELECT rowid FROM calls_transcript_fts '
            "WHERE calls_transcript_fts MATCH %s)"
        )
        condition = RawSQL(sql, [match], output_field=models.BooleanField())  # noqa: S611
        return self.filter(condition)

    def with_related(self):
        return self.select_related("recording", "section", "agent__user", "agent__team")

    def for_list(self):
        """What the calls list shows: one query, whatever the number of rows."""
        return self.with_related().select_related("metrics")

    def failed(self):
        return self.filter(state=Call.State.FAILED)

    def needing_listening(self):
        return self.filter(needs_listening=True)

    def with_complaint_flag(self):
        """Annotates ``linked_to_complaint``: the call is evidence in a complaint case now (one
        EXISTS subquery, so sampling's risk pull costs no query per call)."""
        return self.annotate(
            linked_to_complaint=models.Exists(
                CallLink.objects.active().filter(call=models.OuterRef("pk"))
            )
        )

    def visible_to(self, user):
        """Calls a user may see: QA and investigations roles all; team leaders their teams'
        calls; agents their own."""
        roles = user_roles(user)
        if roles & {
            Role.QA_OFFICER,
            Role.QA_MANAGER,
            Role.INVESTIGATOR,
            Role.INVESTIGATIONS_SUPERVISOR,
            Role.ADMINISTRATOR,
        }:
            return self
        scope = models.Q(pk__in=[])
        if Role.TEAM_LEADER in roles:
            scope |= models.Q(agent__team__leader=user)
        if Role.AGENT in roles:
            scope |= models.Q(agent__user=user)
        return self.filter(scope)

    def unredacted_for(self, user):
        """Calls whose original text, audio and full caller number ``user`` may have. QA roles,
        supervisors, team leaders and agents: the calls they may see (their permissions decide
        the rest); the administrator: none (it manages people, not calls); an investigator:
        only calls linked to their own cases (the ``calls.hooks.case_linked_call_ids`` provider
        that the investigations app registers); other calls they read redacted."""
        from calls.hooks import case_linked_call_ids

        roles = user_roles(user)
        if roles & {Role.QA_OFFICER, Role.QA_MANAGER, Role.INVESTIGATIONS_SUPERVISOR}:
            return self.visible_to(user)
        scope = models.Q(pk__in=[])
        if Role.TEAM_LEADER in roles:
            scope |= models.Q(agent__team__leader=user)
        if Role.AGENT in roles:
            scope |= models.Q(agent__user=user)
        if Role.INVESTIGATOR in roles and case_linked_call_ids.provider is not None:
            scope |= models.Q(pk__in=case_linked_call_ids.provider(user))
        return self.filter(scope)


class Call(models.Model):
    class Direction(models.TextChoices):
        INBOUND = "inbound", "Inbound"
        OUTBOUND = "outbound", "Outbound"

    class ChannelLayout(models.TextChoices):
        STEREO = "stereo", "Stereo (agent / caller)"
        MONO = "mono", "Mono"

    class State(models.TextChoices):
        RECEIVED = "received", "Received"
        TRANSCRIBING = "transcribing", "Transcribing"
        TRANSCRIBED = "transcribed", "Transcribed"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        UPLOAD = "upload", "Browser upload"
        FOLDER = "folder", "Ingest folder"
        API = "api", "Telephony API"
        SPREADSHEET = "spreadsheet", "Metadata spreadsheet"

    recording = models.ForeignKey(Recording, on_delete=models.PROTECT, related_name="calls")
    started_at = models.DateTimeField(null=True, blank=True, db_index=True)
    duration_s = models.FloatField(null=True, blank=True)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.INBOUND
    )
    section = models.ForeignKey(
        "org.Section", on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    agent = models.ForeignKey(
        "org.Agent", on_delete=models.PROTECT, null=True, blank=True, related_name="calls"
    )
    caller_number = models.CharField(max_length=32, blank=True, db_index=True)
    ims_reference = models.CharField("IMS reference", max_length=40, blank=True, db_index=True)
    account_number = models.CharField(max_length=40, blank=True, db_index=True)
    channel_layout = models.CharField(
        max_length=10, choices=ChannelLayout.choices, default=ChannelLayout.STEREO
    )
    language = models.CharField(max_length=10, blank=True)
    state = models.CharField(max_length=15, choices=State.choices, default=State.RECEIVED)
    failure_reason = models.TextField(blank=True)
    source = models.CharField(max_length=15, choices=Source.choices, default=Source.UPLOAD)
    transcript_engine = models.CharField(max_length=40, blank=True)
    transcript_model = models.CharField(max_length=200, blank=True)
    transcript_engine_version = models.CharField(max_length=40, blank=True)
    needs_listening = models.BooleanField(default=False)
    flags = models.JSONField(default=list, blank=True)
    # The lease of the worker transcribing the call (calls.services.leases): who holds it, until
    # when (renewed while Whisper runs), and how many workers started on it since it was queued.
    # A call is "transcribing" only under a lease; one whose lease ran out is taken back.
    transcription_worker = models.CharField(max_length=120, blank=True)
    transcription_started_at = models.DateTimeField(null=True, blank=True)
    transcription_lease_until = models.DateTimeField(null=True, blank=True)
    transcription_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallQuerySet.as_manager()
    # Audit events written before the model moved from the qa app name it so.
    audit_former_labels = ("qa.call",)

    class Meta:
        db_table = "qa_call"
        ordering = ["-started_at", "-id"]
        indexes = [
            # The calls list filtered by state (failed calls to retry, calls still in the queue).
            models.Index(fields=["state", "-created_at"], name="qa_call_state_created"),
            # The periodic reclaim: calls transcribing under a lease that ran out.
            models.Index(
                fields=["transcription_lease_until"],
                name="calls_call_lease_transcribing",
                condition=models.Q(state="transcribing"),
            ),
        ]
        permissions = [
            ("view_caller_number", "Can see callers' full phone and account numbers"),
            ("view_original_transcript", "Can read transcripts before redaction"),
        ]

    def __str__(self) -> str:
        # Local time, as every page shows it (the call list, the investigator's evidence).
        when = (
            timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M")
            if self.started_at
            else "unknown time"
        )
        return f"Call {self.pk} ({when})"

    @property
    def display_name(self) -> str:
        """The one name people read for a call: "Call 12 · 2026-12-03 09:14 · Thabo M."."""
        parts = [f"Call {self.pk}"]
        if self.started_at:
            parts.append(timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M"))
        agent = self.agent
        if agent is not None:
            first, last = agent.user.first_name, agent.user.last_name
            parts.append(f"{first} {last[:1]}." if first and last else agent.full_name)
        return " · ".join(parts)

    def complaint_references(self) -> list[str]:
        """References of the complaint cases this call is evidence in now (one query)."""
        return list(
            self.complaint_links.active()
            .order_by("created_at")
            .values_list("case_reference", flat=True)
        )

    def transcription_note(self, now=None) -> tuple[str, str]:
        """What the call page says about a transcription under way, stuck or retried:
        (level, words), level "" when there is nothing to say."""
        from django.conf import settings

        limit = settings.TRANSCRIPTION_MAX_ATTEMPTS
        now = now or timezone.now()
        host = self.transcription_worker.split(":")[0] or "a worker"
        attempt = f"attempt {self.transcription_attempts} of {limit}"
        if self.state == self.State.TRANSCRIBING:
            since = (
                timezone.localtime(self.transcription_started_at).strftime("%H:%M")
                if self.transcription_started_at
                else "an unknown time"
            )
            lease = self.transcription_lease_until
            if lease is None or lease < now:
                return (
                    "warn",
                    f"Stuck: the worker on {host} that started on this call at {since} stopped "
                    f"answering ({attempt}). It is queued again automatically within a minute "
                    "or two; Retry transcription does it now.",
                )
            return ("info", f"Being transcribed on {host} since {since} ({attempt}).")
        if self.state == self.State.RECEIVED and self.transcription_attempts:
            return (
                "warn",
                f"Queued again: the worker transcribing it stopped ({attempt} done so far).",
            )
        if self.state == self.State.TRANSCRIBED and self.transcription_attempts > 1:
            return (
                "info",
                f"Transcribed on attempt {self.transcription_attempts}: an earlier "
                "worker stopped while transcribing it.",
            )
        return ("", "")

    @property
    def masked_caller_number(self) -> str:
        """The caller's number with all but the last three digits hidden."""
        number = self.caller_number
        if len(number) <= 3:
            return "•" * len(number)
        return "•" * (len(number) - 3) + number[-3:]


class Transcript(models.Model):
    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="transcript")
    # Original words as Whisper heard them: readable only with calls.view_original_transcript.
    segments = models.JSONField(default=list)
    # What everybody else sees: personal numbers and e-mail addresses replaced by labels.
    redacted_segments = models.JSONField(default=list)
    # [{"segment": index, "kind": "phone"|"id_number"|...}] found by the redaction.
    redactions = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=10, blank=True)
    language_probability = models.FloatField(null=True, blank=True)
    avg_logprob = models.FloatField(null=True, blank=True)
    no_speech_prob = models.FloatField(null=True, blank=True)
    # Mono calls only: how agent and caller were told apart (scoring.diarisation): {"method":
    # "voiceprint"|"opening"|"one-voice", "confidence", "voiceprint_similarity", ...}; None
    # when the channels said who spoke. Nullable without a default so that SQLite adds the
    # column in place: rebuilding qa_transcript would drop its full-text search triggers.
    speakers = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "qa_transcript"

    def __str__(self) -> str:
        return f"Transcript of call {self.call_id}"

    @property
    def speakers_inferred(self) -> bool:
        return bool(self.speakers)


class CallMetrics(models.Model):
    """Speech metrics of a transcribed call (scoring.metrics), one row per call."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="metrics")
    agent_talk_s = models.FloatField(default=0)
    caller_talk_s = models.FloatField(default=0)
    unknown_talk_s = models.FloatField(default=0)
    talk_listen_ratio = models.FloatField(null=True, blank=True)
    silence_s = models.FloatField(default=0)
    longest_silence_s = models.FloatField(default=0)
    overtalk_s = models.FloatField(default=0)
    hold_count = models.PositiveIntegerField(default=0)
    hold_s = models.FloatField(default=0)
    agent_words_per_minute = models.FloatField(null=True, blank=True)
    caller_words_per_minute = models.FloatField(null=True, blank=True)
    holds = models.JSONField(default=list, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "qa_callmetrics"
        verbose_name_plural = "call metrics"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(silence_s__gte=0) & models.Q(overtalk_s__gte=0),
                name="qa_callmetrics_nonnegative_times",
            ),
        ]

    def __str__(self) -> str:
        return f"Metrics of call {self.call_id}"


class CallLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class CallLink(models.Model):
    """A complaint case holds this call as evidence (sampling pulls such calls as a risk).

    Written only through ``calls.services.links`` by the investigations app, which sits above
    calls: the case is named by its reference, not a foreign key. Removing the evidence ends the
    link (``removed_at``); the row stays, and both changes are audit events on the call."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="complaint_links")
    case_reference = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_by_name = models.CharField(max_length=200, blank=True)

    objects = CallLinkQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "case_reference"],
                condition=models.Q(removed_at__isnull=True),
                name="calls_calllink_active_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Call {self.call_id} in {self.case_reference}"


class VoiceSample(models.Model):
    """An agent's voice as heard on one stereo call (their own channel): the mean speaker
    embedding of their speech there (scoring.diarisation.voiceprint), one row per call, so
    transcribing a call again replaces its sample instead of counting it twice. Biometric
    personal data: used only to tell the agent apart on their mono calls."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="voice_sample")
    agent = models.ForeignKey("org.Agent", on_delete=models.CASCADE, related_name="voice_samples")
    embedding = models.JSONField()  # 256 floats
    speech_s = models.FloatField()
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["agent", "-created_at"], name="calls_voicesample_recent")]

    def __str__(self) -> str:
        return f"Voice sample of agent {self.agent_id} from call {self.call_id}"


class AgentVoiceprint(models.Model):
    """An agent's voiceprint: the speech-weighted mean of their latest voice samples
    (``VOICEPRINT_SAMPLES``), recomputed whenever one of their stereo calls is transcribed."""

    agent = models.OneToOneField("org.Agent", on_delete=models.CASCADE, related_name="voiceprint")
    embedding = models.JSONField()  # 256 floats, unit length
    calls = models.PositiveIntegerField()
    speech_s = models.FloatField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Voiceprint of agent {self.agent_id} ({self.calls} calls)"
