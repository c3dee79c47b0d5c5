from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("org/", include("org.urls")),
    path("audit/", include("audit.urls")),
    path("inbox/", include("inbox.urls")),
    path("imports/", include("core.urls")),
    path("qa/calls/", include("calls.urls")),
    path("qa/scorecards/", include("scorecards.urls")),
    path("qa/", include("autoscoring.urls")),
    path("qa/", include("qa.urls")),
    path("investigations/", include("correspondence.urls")),
    path("investigations/reports/", include("casereports.urls")),
    path("investigations/cases/import/", include("caseimport.urls")),
    path("investigations/", include("investigations.urls")),
    path("api/qa/", include("calls.api_urls")),
    path("api/investigations/", include("investigations.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
