from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="E-mail intake",
        url_name="correspondence:mail_inbox",
        roles=(Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR),
        order=45,
    ),
    NavItem(
        label="Office addresses",
        url_name="correspondence:office_addresses",
        roles=(Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR),
        order=46,
    ),
]
