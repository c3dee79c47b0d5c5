from org.navigation import NavItem
from org.roles import Role

NAV_ITEMS = [
    NavItem(
        label="Audit trail",
        url_name="audit:event_list",
        roles=(Role.QA_MANAGER, Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR),
        order=90,
    ),
]
