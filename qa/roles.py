from org.roles import Role

ROLE_PERMISSIONS = {
    Role.QA_OFFICER: ["qa.view_call", "qa.view_scorecard"],
    Role.QA_MANAGER: [
        "qa.view_call",
        "qa.view_scorecard",
        "qa.add_scorecard",
        "qa.change_scorecard",
        "qa.view_caller_number",
    ],
    Role.INVESTIGATOR: ["qa.view_call", "qa.view_caller_number"],
    Role.INVESTIGATIONS_SUPERVISOR: ["qa.view_call", "qa.view_caller_number"],
    Role.ADMINISTRATOR: ["qa.view_call", "qa.view_scorecard"],
}
