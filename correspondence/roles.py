from core.access import Role

_INTAKE = [
    "correspondence.view_mailmessage",
    "correspondence.add_mailmessage",
    "correspondence.change_mailmessage",
    "correspondence.view_officeaddress",
]
_OFFICES = [
    "correspondence.view_officeaddress",
    "correspondence.add_officeaddress",
    "correspondence.delete_officeaddress",
]

ROLE_PERMISSIONS = {
    Role.INVESTIGATOR: _INTAKE,
    Role.INVESTIGATIONS_SUPERVISOR: sorted({*_INTAKE, *_OFFICES}),
    # Administrators keep the table of office addresses; they read no mail.
    Role.ADMINISTRATOR: _OFFICES,
}
