from core.access import Role

# view_call = the calls list and call pages; add_call = upload/import recordings; change_call =
# retry a transcription; view_caller_number = unmasked caller numbers; view_original_transcript =
# text before redaction (each view audited).
#
# QA officers may upload and import recordings: the calls they are asked to review do not all
# come through the telephony feed (a recording a supervisor forwards with a complaint, a call
# picked for calibration), and every way in goes through one audited service that stores a
# file once. They still see masked caller numbers and the redacted text only. Investigators
# and their supervisors read calls but do not add them. (docs/architecture.md, "Who may do what
# with calls".)
ROLE_PERMISSIONS = {
    Role.QA_OFFICER: ["calls.view_call", "calls.add_call", "calls.change_call"],
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
