app_name = "qa_api"
urlpatterns: list = []
