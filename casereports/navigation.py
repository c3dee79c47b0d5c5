from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="Case reports",
        url_name="casereports:reports",
        roles=(Role.INVESTIGATIONS_SUPERVISOR,),
        order=44,
    ),
    NavItem(
        label="Reports for the Offices",
        url_name="casereports:offices",
        roles=(Role.INVESTIGATIONS_SUPERVISOR, Role.QA_MANAGER),
        order=45,
    ),
]
