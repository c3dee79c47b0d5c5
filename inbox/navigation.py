from core.access import Role
from core.navigation import NavItem

# The header shows "Inbox" with the unread count for everyone (templates/base.html); this entry
# makes it the agent's second stop in the menu as well.
NAV_ITEMS = [
    NavItem(label="Inbox", url_name="inbox:list", roles=tuple(Role.values), order=5),
]
