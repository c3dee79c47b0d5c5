app_name = "investigations_api"
urlpatterns: list = []
