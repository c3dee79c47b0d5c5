from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from core.navigation import home_url_for


def home(request):
    """Send each user to their role's home; a user with no role sees what to ask for."""
    target = home_url_for(request.user)
    if target:
        return redirect(target)
    return render(request, "home.html")


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
