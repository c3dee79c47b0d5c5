from django.urls import path

from investigations import api

app_name = "investigations_api"
urlpatterns = [
    path("cases/", api.CaseListCreate.as_view(), name="case_list"),
    path("cases/<str:reference>/", api.CaseDetail.as_view(), name="case_detail"),
]
