from core.access import Role

ROLE_PERMISSIONS = {
    Role.QA_MANAGER: ["audit.view_auditevent"],
    Role.INVESTIGATIONS_SUPERVISOR: ["audit.view_auditevent"],
    Role.ADMINISTRATOR: ["audit.view_auditevent"],
}
