from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="Agents",
        url_name="org:agent_list",
        roles=(Role.TEAM_LEADER, Role.QA_MANAGER, Role.ADMINISTRATOR),
        home_for=(Role.ADMINISTRATOR,),
        order=80,
    ),
    NavItem(
        label="Import agents",
        url_name="org:people_import",
        roles=(Role.ADMINISTRATOR,),
        order=81,
    ),
]
