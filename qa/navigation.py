from org.navigation import NavItem
from org.roles import Role

NAV_ITEMS = [
    # ---- Auto-scoring (issue 5) ----
    NavItem(
        label="Auto-score agreement",
        url_name="qa:autoscore_agreement",
        roles=(Role.QA_MANAGER,),
        order=50,
    ),
]
