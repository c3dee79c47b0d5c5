from django.urls import path

from casereports.views import cases, offices

# Mounted at /investigations/reports/ (the paths users know from before the move).
app_name = "casereports"
urlpatterns = [
    path("", cases.reports, name="reports"),
    path("export.<str:fmt>", cases.reports_export, name="reports_export"),
    path("offices/", offices.offices, name="offices"),
    path("offices/figures.<str:fmt>", offices.offices_export, name="offices_export"),
    path("offices/monthly.pdf", offices.monthly_pack_pdf, name="monthly_pack"),
]
