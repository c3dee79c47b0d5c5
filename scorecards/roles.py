from core.access import Role

ROLE_PERMISSIONS = {
    Role.QA_OFFICER: ["scorecards.view_scorecard"],
    Role.QA_MANAGER: [
        "scorecards.view_scorecard",
        "scorecards.add_scorecard",
        "scorecards.change_scorecard",
    ],
    Role.ADMINISTRATOR: ["scorecards.view_scorecard"],
}
