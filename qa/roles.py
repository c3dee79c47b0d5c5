from core.access import Role

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
        "qa.view_scorecard",
        *_EVALUATION_READ,
        "qa.add_evaluation",
        "qa.change_evaluation",
        "qa.view_sampleitem",
        "qa.view_calibrationsession",
    ],
    Role.QA_MANAGER: [
        "qa.view_scorecard",
        "qa.add_scorecard",
        "qa.change_scorecard",
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
    Role.ADMINISTRATOR: ["qa.view_scorecard"],
}
