from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="Scorecards",
        url_name="scorecards:scorecard_list",
        roles=(Role.QA_OFFICER, Role.QA_MANAGER),
        order=45,
    ),
]
