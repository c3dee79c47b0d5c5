from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="Import cases",
        url_name="caseimport:case_import",
        roles=(Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR),
        order=43,
    ),
]
