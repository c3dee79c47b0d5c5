from org.navigation import NavItem
from org.roles import Role

NAV_ITEMS = [
    # ---- Calls (issue 3) ----
    NavItem(
        label="Calls",
        url_name="qa:call_list",
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
        url_name="qa:call_upload",
        roles=(Role.QA_MANAGER, Role.ADMINISTRATOR),
        order=21,
    ),
]
