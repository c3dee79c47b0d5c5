from core.access import Role
from core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        label="Auto-score agreement",
        url_name="autoscoring:autoscore_agreement",
        roles=(Role.QA_MANAGER,),
        order=50,
    ),
]
