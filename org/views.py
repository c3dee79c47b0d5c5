from django.core.paginator import Paginator
from django.shortcuts import render

from org.access import role_required
from org.models import Agent
from org.roles import Role


@role_required(Role.TEAM_LEADER, Role.QA_MANAGER, Role.ADMINISTRATOR)
def agent_list(request):
    agents = Agent.objects.visible_to(request.user).with_people().order_by(
        "section__name", "team__name", "user__last_name"
    )
    page = Paginator(agents, 100).get_page(request.GET.get("page"))
    return render(request, "org/agent_list.html", {"page": page, "query": ""})
