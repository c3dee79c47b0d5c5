from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="Calls",
        url_name="calls:call_list",
        roles=(
            Role.QA_OFFICER,
            Role.QA_MANAGER,
            Role.INVESTIGATOR,
            Role.INVESTIGATIONS_SUPERVISOR,
            Role.ADMINISTRATOR,
        ),
        order=20,
    ),
    NavItem(
        label="Upload calls",
        url_name="calls:call_upload",
        roles=(Role.QA_OFFICER, Role.QA_MANAGER, Role.ADMINISTRATOR),
        order=21,
    ),
]
