from django.urls import path

from investigations.views import cases, evidence, lists

app_name = "investigations"
urlpatterns = [
    path("", lists.queue, name="queue"),
    path("board/", lists.board, name="board"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/do/<slug:action>/", cases.case_action, name="case_action"),
    path("cases/<int:pk>/assign/", cases.case_assign, name="case_assign"),
    path("cases/<int:pk>/merge/", cases.case_merge, name="case_merge"),
    path("cases/<int:pk>/follow-up/", cases.case_follow_up, name="case_follow_up"),
    path("cases/<int:pk>/classify/", cases.case_classify_view, name="case_classify"),
    path("cases/<int:pk>/findings/", cases.case_findings, name="case_findings"),
    path("cases/<int:pk>/response-draft/", cases.case_response_draft, name="case_response_draft"),
    path(
        "cases/<int:pk>/corrective-actions/",
        cases.case_corrective_action,
        name="case_corrective_action",
    ),
    path(
        "cases/<int:pk>/corrective-actions/<int:action_pk>/done/",
        cases.corrective_action_done_view,
        name="corrective_action_done",
    ),
    path("cases/<int:pk>/calls/", evidence.call_search, name="call_search"),
    path("cases/<int:pk>/calls/link/", evidence.call_link, name="call_link"),
    path("cases/<int:pk>/documents/", evidence.document_add, name="document_add"),
    path("cases/<int:pk>/notes/", evidence.note_add, name="note_add"),
    path(
        "cases/<int:pk>/evidence/<int:item_pk>/remove/",
        evidence.evidence_remove_view,
        name="evidence_remove",
    ),
    path(
        "cases/<int:pk>/evidence/<int:item_pk>/transcript/",
        evidence.call_transcript,
        name="call_transcript",
    ),
    path(
        "cases/<int:pk>/evidence/<int:item_pk>/recording/",
        evidence.call_recording,
        name="call_recording",
    ),
    path(
        "cases/<int:pk>/evidence/<int:item_pk>/document/",
        evidence.document_open,
        name="document_open",
    ),
]
