from org.roles import Role

# Calls (issue 3): add_call = upload/import recordings; change_call = retry a transcription;
# view_caller_number = unmasked caller numbers; view_original_transcript = text before redaction
# (every view of it is audited).
ROLE_PERMISSIONS = {
    Role.QA_OFFICER: ["qa.view_call", "qa.view_scorecard", "qa.change_call"],
    Role.QA_MANAGER: [
        "qa.view_call",
        "qa.view_scorecard",
        "qa.add_scorecard",
        "qa.change_scorecard",
        "qa.view_caller_number",
        "qa.add_call",
        "qa.change_call",
        "qa.view_original_transcript",
    ],
    Role.INVESTIGATOR: ["qa.view_call", "qa.view_caller_number", "qa.view_original_transcript"],
    Role.INVESTIGATIONS_SUPERVISOR: [
        "qa.view_call",
        "qa.view_caller_number",
        "qa.view_original_transcript",
    ],
    Role.ADMINISTRATOR: ["qa.view_call", "qa.view_scorecard", "qa.add_call", "qa.change_call"],
}
