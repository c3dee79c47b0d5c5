from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="Audit trail",
        url_name="audit:event_list",
        roles=(Role.QA_MANAGER, Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR),
        order=90,
    ),
]
