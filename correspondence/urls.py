from django.urls import path

from correspondence.views import intake, letters

app_name = "correspondence"
urlpatterns = [
    path("mail/", intake.mail_inbox, name="mail_inbox"),
    path("mail/offices/", intake.office_addresses, name="office_addresses"),
    path(
        "mail/offices/<int:pk>/remove/", intake.office_address_delete, name="office_address_remove"
    ),
    path("mail/<int:pk>/", intake.mail_draft, name="mail_draft"),
    path("mail/<int:pk>/confirm/", intake.mail_confirm, name="mail_confirm"),
    path("mail/<int:pk>/join/", intake.mail_join, name="mail_join"),
    path("mail/<int:pk>/discard/", intake.mail_discard, name="mail_discard"),
    path("cases/<int:pk>/letter/", letters.case_letter, name="case_letter"),
    path("cases/<int:pk>/letter.pdf", letters.case_letter_pdf, name="case_letter_pdf"),
]
