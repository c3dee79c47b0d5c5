from inbox.models import Notification


def unread(request):
    """The unread count beside "Inbox" in the header: one query, on pages that show it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": Notification.objects.for_user(user).unread().count()}
