from org.roles import Role

_EVALUATION_READ = ["qa.view_evaluation", "qa.view_answer"]

ROLE_PERMISSIONS = {
    Role.AGENT: [*_EVALUATION_READ, "qa.add_dispute", "qa.view_dispute", "qa.view_coaching"],
    Role.TEAM_LEADER: [
        *_EVALUATION_READ,
        "qa.view_dispute",
        "qa.add_coaching",
        "qa.view_coaching",
    ],
    Role.QA_OFFICER: [
        "qa.view_call",
        "qa.view_scorecard",
        *_EVALUATION_READ,
        "qa.add_evaluation",
        "qa.change_evaluation",
        "qa.view_sampleitem",
        "qa.view_calibrationsession",
    ],
    Role.QA_MANAGER: [
        "qa.view_call",
        "qa.view_scorecard",
        "qa.add_scorecard",
        "qa.change_scorecard",
        "qa.view_caller_number",
        *_EVALUATION_READ,
        "qa.add_evaluation",
        "qa.change_evaluation",
        "qa.view_dispute",
        "qa.change_dispute",
        "qa.view_coaching",
        "qa.view_samplingplan",
        "qa.add_samplingplan",
        "qa.change_samplingplan",
        "qa.view_sample",
        "qa.add_sample",
        "qa.view_sampleitem",
        "qa.change_sampleitem",
        "qa.view_calibrationsession",
        "qa.add_calibrationsession",
        "qa.change_calibrationsession",
    ],
    Role.INVESTIGATOR: ["qa.view_call", "qa.view_caller_number"],
    Role.INVESTIGATIONS_SUPERVISOR: ["qa.view_call", "qa.view_caller_number"],
    Role.ADMINISTRATOR: ["qa.view_call", "qa.view_scorecard"],
}

# ---- Calls (issue 3) ----
# add_call = upload/import recordings; change_call = retry a transcription; view_caller_number =
# unmasked caller numbers; view_original_transcript = text before redaction (each view audited).
_CALL_PERMISSIONS = {
    Role.QA_OFFICER: ["qa.view_call", "qa.change_call"],
    Role.QA_MANAGER: [
        "qa.view_call",
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
    Role.ADMINISTRATOR: ["qa.view_call", "qa.add_call", "qa.change_call"],
}
for _role, _perms in _CALL_PERMISSIONS.items():
    ROLE_PERMISSIONS.setdefault(_role, [])
    ROLE_PERMISSIONS[_role] = sorted({*ROLE_PERMISSIONS[_role], *_perms})
