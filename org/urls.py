from django.urls import path

from org import views

app_name = "org"
urlpatterns = [
    path("agents/", views.agent_list, name="agent_list"),
]
