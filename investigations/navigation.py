from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="My cases",
        url_name="investigations:queue",
        roles=(Role.INVESTIGATOR,),
        home_for=(Role.INVESTIGATOR,),
        order=40,
    ),
    NavItem(
        label="Case board",
        url_name="investigations:board",
        roles=(Role.INVESTIGATIONS_SUPERVISOR,),
        home_for=(Role.INVESTIGATIONS_SUPERVISOR,),
        order=41,
    ),
    NavItem(
        label="New case",
        url_name="investigations:case_new",
        roles=(Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR),
        order=42,
    ),
]
