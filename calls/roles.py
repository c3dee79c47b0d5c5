from core.access import Role

# view_call = the calls list and call pages; add_call = upload/import recordings; change_call =
# retry a transcription; view_caller_number = unmasked caller numbers; view_original_transcript =
# text before redaction (each view audited).
ROLE_PERMISSIONS = {
    Role.QA_OFFICER: ["calls.view_call", "calls.change_call"],
    Role.QA_MANAGER: [
        "calls.view_call",
        "calls.view_caller_number",
        "calls.add_call",
        "calls.change_call",
        "calls.view_original_transcript",
    ],
    Role.INVESTIGATOR: [
        "calls.view_call",
        "calls.view_caller_number",
        "calls.view_original_transcript",
    ],
    Role.INVESTIGATIONS_SUPERVISOR: [
        "calls.view_call",
        "calls.view_caller_number",
        "calls.view_original_transcript",
    ],
    Role.ADMINISTRATOR: ["calls.view_call", "calls.add_call", "calls.change_call"],
}
