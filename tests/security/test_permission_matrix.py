"""The permission sweep: every URL pattern of the site (found by walking the URL resolver, Django
admin and the API included) requested by every role and by an anonymous visitor, compared with
the committed matrix in permission_matrix.json. A role that gains (or loses) a screen, a new URL
without an entry, or a server error fails the test; so does any outsider reaching another
person's evaluation, call or case.

After a deliberate change of access, regenerate the matrix and review its diff:
    SIYALALELA_WRITE_PERMISSION_MATRIX=1 .venv/bin/python -m pytest \
        tests/security/test_permission_matrix.py
"""

from __future__ import annotations

import json
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.qa.test_views import world  # noqa: F401  (the QA objects: evaluations, samples...)

pytestmark = pytest.mark.django_db

MATRIX_FILE = Path(__file__).with_name("permission_matrix.json")

IDENTITIES = {
    "anonymous": None,
    "agent": "agent_user",
    "agent2": "agent2_user",
    "team_leader": "team_leader_user",
    "qa_officer": "qa_officer_user",
    "qa_officer2": "qa_officer2_user",
    "qa_manager": "qa_manager_user",
    "investigator": "investigator_user",
    "investigator2": "investigator2_user",
    "supervisor": "supervisor_user",
    "administrator": "admin_user",
}

# Objects in the sweep belong to the agent (a.agent), were evaluated by qa_officer and sit in a
# case assigned to investigator. These identities are outsiders to them: never "ok".
OUTSIDERS = {
    re.compile(r"^qa:(evaluation_(detail|acknowledge|dispute)|coaching_acknowledge)$"): ["agent2"],
    re.compile(r"^(calls:call_(detail|original|recording)|autoscoring:call_suggestions)$"): [
        "agent2"
    ],
    re.compile(r"^calls_api:call_item$"): ["agent2"],
    re.compile(r"^qa:evaluation_score$"): ["qa_officer2", "agent", "agent2"],
    re.compile(r"^qa:calibration_(detail|score)$"): ["qa_officer2"],
    re.compile(
        r"^investigations:(case_(detail|action|assign|merge|follow_up|classify|findings|"
        r"response_draft|corrective_action)|call_(search|link|transcript|recording)|"
        r"document_(add|open)|note_add|evidence_remove)$"
    ): [
        "investigator2",
        "agent",
        "agent2",
        "team_leader",
    ],
    re.compile(r"^investigations_api:case_detail$"): ["investigator2", "agent", "agent2"],
    # A background import belongs to the supervisor who started it.
    re.compile(r"^core:import_"): [w for w in IDENTITIES if w not in ("anonymous", "supervisor")],
    # The swept e-mail joined the investigator's case: only those who see the case see it.
    re.compile(
        r"^correspondence:(case_letter|case_letter_pdf|mail_(draft|confirm|join|discard))$"
    ): [
        "investigator2",
        "agent",
        "agent2",
        "team_leader",
    ],
}


def url_patterns(patterns=None, prefix="", namespace=""):
    """(name, regex-ish route, pattern) for every endpoint the site answers."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            yield namespace + (p.name or route), route


def _case_world(w, request):
    """A case assigned to the investigator, holding the agent's evaluated call and a document."""
    from investigations.services import workflow
    from investigations.services.cases import case_create
    from investigations.services.evidence import evidence_add_document, evidence_link_call

    supervisor = request.getfixturevalue("supervisor_user")
    investigator = request.getfixturevalue("investigator_user")
    request.getfixturevalue("investigator2_user")
    now = timezone.now()
    case = case_create(
        actor=supervisor,
        source="councillor",
        complainant_name="Nomvula Sithole",
        complainant_phone="082 123 4567",
        description="No water in Tembisa for three days.",
        received_at=now - timedelta(hours=3),
        ward=7,
    )
    workflow.case_acknowledge(case=case, actor=supervisor, now=now - timedelta(hours=2))
    workflow.case_assign(
        case=case, actor=supervisor, assignee=investigator, now=now - timedelta(hours=2)
    )
    case = workflow.case_start(case=case, actor=investigator, now=now - timedelta(hours=1))
    call = w["submitted"].call
    # The QA factories store no audio: give the swept call a real recording file.
    from django.core.files.base import ContentFile

    from tests.calls.helpers import short_wav

    wav = short_wav(Path(request.getfixturevalue("tmp_path")) / "sweep.wav").read_bytes()
    call.recording.file.save(f"sweep-{call.pk}.wav", ContentFile(wav), save=True)
    call_item = evidence_link_call(case=case, actor=investigator, call=call)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    document = evidence_add_document(
        case=case, actor=investigator, uploaded=SimpleUploadedFile("letter.pdf", pdf)
    )
    from core.imports import spreadsheet_import_start
    from core.spreadsheets import Sheet

    row = {"source": "councillor", "received_at": "2026-11-02 10:00"}
    sheet = Sheet(name="sweep.csv", headers=list(row), rows=[(2, row)])
    spreadsheet_import_start(kind="cases", sheet=sheet, actor=supervisor)  # not run: on commit
    # An e-mail that joined the case (its subject names the case).
    from email.utils import format_datetime

    from correspondence.services.intake import mail_receive

    raw = (
        f"From: cllr@council.ekurhuleni.gov.za\nDate: {format_datetime(now)}\n"
        f"Subject: Re: {case.reference}\nMessage-ID: <sweep@council.example>\n\nAn update.\n"
    ).encode()
    w["mail"] = mail_receive(raw=raw, via="upload", actor=investigator)
    return case, call_item, document


def _admin_kwargs(name: str, w, request) -> dict | None:
    """Arguments for Django admin's patterns: an existing object of the model named."""
    for model in apps.get_models():
        label = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name in (label + "change", label + "delete", label + "history"):
            if model is get_user_model():
                return {"object_id": str(request.getfixturevalue("agent_user").pk)}
            obj = model._default_manager.order_by("pk").first()
            return {"object_id": str(obj.pk) if obj else "1"}
    match = re.match(r"^admin:admin/(\w+)/(\w+)/<path:object_id>/$", name)
    if match:  # admin's unnamed redirect from /<id>/ to /<id>/change/
        return _admin_kwargs(f"admin:{match.group(1)}_{match.group(2)}_change", w, request)
    if name == "admin:auth_user_password_change":
        return {"id": str(request.getfixturevalue("agent_user").pk)}
    if name == "admin:app_list":
        return {"app_label": "org"}
    if name == "admin:view_on_site":
        team = apps.get_model("org", "Team").objects.order_by("pk").first()
        return {"content_type_id": ContentType.objects.get_for_model(team).pk, "object_id": team.pk}
    return None


def kwargs_for(name: str, w, case, call_item, document, request) -> dict:
    call = w["submitted"].call
    version = w["version"]
    simple = {
        "scorecards:scorecard_edit": {"pk": version.scorecard_id},
        "scorecards:scorecard_new_draft": {"pk": version.scorecard_id},
        "scorecards:criterion_edit": {
            "pk": version.pk,
            "criterion_pk": version.criteria.first().pk,
        },
        "scorecards:criterion_delete": {
            "pk": version.pk,
            "criterion_pk": version.criteria.first().pk,
        },
        "qa:plan_detail": {"pk": w["plan"].pk},
        "qa:plan_edit": {"pk": w["plan"].pk},
        "qa:sample_detail": {"pk": w["sample"].pk},
        "qa:sample_item_reassign": {"pk": w["item"].pk},
        "qa:evaluation_start": {"item_pk": w["item"].pk},
        "qa:evaluation_score": {"pk": w["draft"].pk},
        "qa:coaching_acknowledge": {"pk": w["coaching"].pk},
        "qa:dispute_resolve": {"pk": w["dispute"].pk},
        "qa:export": {"what": "evaluations", "fmt": "csv"},
        "casereports:reports_export": {"fmt": "csv"},
        "casereports:offices_export": {"fmt": "csv"},
        "investigations:case_action": {"pk": case.pk, "action": "close"},
        "investigations:document_open": {"pk": case.pk, "item_pk": document.pk},
        "investigations:corrective_action_done": {"pk": case.pk, "action_pk": 1},
        "org:people_export": {"kind": "agents"},
        "investigations_api:case_detail": {"reference": case.reference},
        "qa:sample_withdraw": {"pk": w["sample"].pk},
        "qa:open_work": {"pk": version.pk},
        "autoscoring:autoscore_agreement_version": {"pk": version.pk},
        "qa:evaluation_autosave": {"pk": w["draft"].pk},
        # Notification 1 belongs to whoever the world's first event told (one recipient).
        "inbox:open": {"pk": 1},
        "correspondence:office_address_remove": {"pk": 1},
    }
    if name in simple:
        return simple[name]
    if "(?P<url>" in name:  # admin's catch-all, unnamed
        return {"url": "no-such-page/"}
    if name.startswith("admin:"):
        return _admin_kwargs(name, w, request) or {}
    if name.startswith("scorecards:"):
        return {"pk": version.pk}
    if name.startswith("qa:evaluation_") or name == "qa:coaching_create":
        return {"pk": w["submitted"].pk}
    if name.startswith("qa:calibration_"):
        return {"pk": w["session"].pk}
    if name.startswith(("autoscoring:call_", "calls:call_", "calls_api:call_item")):
        return {"pk": call.pk}
    if name.startswith("investigations:") and name.split(":")[1] in (
        "evidence_remove",
        "call_transcript",
        "call_recording",
    ):
        return {"pk": case.pk, "item_pk": call_item.pk}
    if name.startswith("investigations:") or name.startswith("correspondence:case_letter"):
        return {"pk": case.pk}
    if name.startswith("core:import_"):
        return {"pk": apps.get_model("core", "SpreadsheetImport").objects.get().pk}
    if name.startswith("correspondence:mail_") and name != "correspondence:mail_inbox":
        return {"pk": w["mail"].pk}
    return {}


def url_for(route: str, kwargs: dict) -> str:
    """Fill a route (path converters or admin's regular expressions) with ``kwargs``."""
    url = route
    for key, value in kwargs.items():
        url = re.sub(rf"\(\?P<{key}>[^)]*\)", str(value), url)
        url = re.sub(rf"<(?:\w+:)?{key}>", str(value), url)
    url = url.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    if "<" in url or "(?P" in url:
        raise AssertionError(f"no arguments for {route}: add them to kwargs_for")
    return "/" + url


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if 200 <= status < 300:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "login" if "login" in location else "redirect"
    return {400: "bad", 401: "login", 403: "forbidden", 404: "missing", 405: "method"}.get(
        status, str(status)
    )


def test_every_url_for_every_role_matches_the_committed_matrix(request, world):  # noqa: F811
    request.getfixturevalue("site_data")
    case, call_item, document = _case_world(world, request)
    users = {
        who: request.getfixturevalue(fixture) if fixture else None
        for who, fixture in IDENTITIES.items()
    }
    routes = sorted(dict(url_patterns()).items())
    got: dict[str, dict[str, str]] = {}
    for who, user in users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for name, route in routes:
            url = url_for(route, kwargs_for(name, world, case, call_item, document, request))
            got.setdefault(name, {})[who] = outcome(client.get(url))

    errors = [(n, who, o) for n, row in got.items() for who, o in row.items() if "error" in o]
    assert errors == [], f"server errors: {errors}"

    leaks = [
        (name, who)
        for name, row in got.items()
        for pattern, outsiders in OUTSIDERS.items()
        if pattern.search(name)
        for who in outsiders
        if row[who] == "ok"
    ]
    assert leaks == [], f"outsiders reached another person's data: {leaks}"

    if os.environ.get("SIYALALELA_WRITE_PERMISSION_MATRIX"):
        MATRIX_FILE.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
        pytest.skip(f"wrote {MATRIX_FILE.name}: review its diff and commit it")
    expected = json.loads(MATRIX_FILE.read_text())
    differences = [
        f"{name} as {who}: expected {expected.get(name, {}).get(who, 'no entry')}, got {o}"
        for name, row in got.items()
        for who, o in row.items()
        if expected.get(name, {}).get(who) != o
    ] + [f"{name}: in the matrix but no longer a URL" for name in expected if name not in got]
    assert differences == [], "access changed:\n" + "\n".join(differences)
    assert len(got) >= 150 and len(IDENTITIES) == 11  # discovery found the site
