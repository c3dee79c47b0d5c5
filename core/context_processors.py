from core.access import Role, user_roles
from core.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    labels = dict(Role.choices)
    return {
        "nav_items": items_for(user),
        "user_role_labels": sorted(labels[r] for r in user_roles(user)),
    }
