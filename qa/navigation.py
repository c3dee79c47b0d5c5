from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="My evaluations",
        url_name="qa:my_evaluations",
        roles=(Role.AGENT,),
        home_for=(Role.AGENT,),
        order=10,
    ),
    NavItem(
        label="Team evaluations",
        url_name="qa:team_evaluations",
        roles=(Role.TEAM_LEADER,),
        home_for=(Role.TEAM_LEADER,),
        order=10,
    ),
    NavItem(
        label="My queue",
        url_name="qa:queue",
        roles=(Role.QA_OFFICER, Role.QA_MANAGER),
        home_for=(Role.QA_OFFICER,),
        order=10,
    ),
    NavItem(
        label="Reports",
        url_name="qa:reports",
        roles=(Role.QA_MANAGER, Role.QA_OFFICER, Role.TEAM_LEADER),
        home_for=(Role.QA_MANAGER,),
        order=20,
    ),
    NavItem(
        label="Evaluations",
        url_name="qa:evaluation_list",
        roles=(Role.QA_OFFICER, Role.QA_MANAGER),
        order=25,
    ),
    NavItem(label="Disputes", url_name="qa:dispute_list", roles=(Role.QA_MANAGER,), order=30),
    NavItem(label="Sampling", url_name="qa:plan_list", roles=(Role.QA_MANAGER,), order=35),
    NavItem(
        label="Calibration",
        url_name="qa:calibration_list",
        roles=(Role.QA_OFFICER, Role.QA_MANAGER),
        order=40,
    ),
]
