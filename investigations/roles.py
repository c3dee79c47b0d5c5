from core.access import Role

_CASE = ["investigations.view_case", "investigations.view_complainant"]

ROLE_PERMISSIONS = {
    Role.INVESTIGATOR: [
        *_CASE,
        "investigations.add_case",
        "investigations.view_evidence",
        "investigations.add_evidence",
        "investigations.view_servicelevelpolicy",
    ],
    Role.INVESTIGATIONS_SUPERVISOR: [
        *_CASE,
        "investigations.add_case",
        "investigations.view_evidence",
        "investigations.add_evidence",
        "investigations.approve_findings",
        "investigations.assign_case",
        "investigations.import_cases",
        "investigations.view_case_reports",
        "investigations.view_servicelevelpolicy",
        "investigations.view_deadlinealert",
    ],
    # Administrators keep the service-level policies (as data, versioned by effective date) and
    # run imports; they do not read cases or complainants' personal data.
    Role.ADMINISTRATOR: [
        "investigations.add_servicelevelpolicy",
        "investigations.change_servicelevelpolicy",
        "investigations.view_servicelevelpolicy",
        "investigations.import_cases",
    ],
}
