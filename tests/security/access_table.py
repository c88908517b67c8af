"""The access table: for every URL (by name) and every API operation (by operationId), who
may use it. ``test_access.py`` tries each one as every principal and fails on any
difference, and fails when the project has a URL or operation that is not listed here.

Principals: ``anonymous``; ``resident`` (signed in, not the owner of the object in the URL);
``owner`` (the resident who owns it); and one staff member per role (second factor passed).
``staff(...)`` adds the administrator, who holds every role. Rows with ``file=True`` (documents,
attachments, exports, PDFs, images) are also tried by each staff member signed in with the password only,
who must get no more than a resident who does not own the object.

Conventions: another person's object is *not found* (404), which counts as refused; a POST
that reaches the form and answers with validation errors counts as let through.
"""

from __future__ import annotations

from tests.security import objects as o
from tests.security import objects_family as of
from tests.security import objects_stages as st
from tests.security.principals import (
    ALL_STAFF,
    ANON,
    EVERYONE,
    NOBODY,
    OWNER,
    RESIDENTS,
    SIGNED_IN,
    staff,
)
from tests.security.rules import Rule

OWNER_ONLY = frozenset({OWNER})
ANYONE_BUT_STAFF = frozenset({ANON, *RESIDENTS})
FILE_DESK = staff("file_receiver")
# Customer service and the section head (not the operators or other counters: complaints are about them).
COMPLAINT_DESK = staff("customer_service", "section_head")
PUBLISHERS = staff("section_head", "customer_service", "information_desk")
HEADS = staff("section_head")
OPERATORS = staff("operator")
CARD_DESKS = staff("operator", "pickup_officer")
OUTREACH = staff("section_head", "information_desk")
ADMIN = staff()

PAGES: dict[str, Rule] = {
    # core
    "core:home": Rule(EVERYONE),
    "core:healthz": Rule(EVERYONE),
    "core:readyz": Rule(EVERYONE),
    "core:hello": Rule(EVERYONE, note="benchmark baseline, returns 'ok'"),
    "core:hello-signed-in": Rule(SIGNED_IN, note="benchmark baseline: 'ok' when signed in, 403 otherwise"),
    "core_staff:audit": Rule(HEADS),
    "set_language": Rule(EVERYONE, method="POST", data={"language": "en", "next": "/"}),
    "api:openapi-json": Rule(EVERYONE),
    "api:openapi-view": Rule(EVERYONE),
    "regions:villages": Rule(EVERYONE, data={"district": "33.10.25"}),
    # accounts
    "accounts:login": Rule(EVERYONE),
    "accounts:logout": Rule(EVERYONE, method="POST"),
    "accounts:register": Rule(EVERYONE),
    "accounts:password_reset": Rule(EVERYONE),
    "accounts:password_reset_code": Rule(EVERYONE, note="without a pending request: back to the first step"),
    "accounts:start": Rule(SIGNED_IN),
    "accounts:staff_desk": Rule(EVERYONE, note="redirects to /staf/akun/meja/, which checks"),
    "accounts:otp_verify": Rule(ALL_STAFF, note="residents have no device: 403"),
    # For staff who have not set up an authenticator yet (tried as such); staff who already have one are sent
    # to verify (apps/accounts/tests/test_otp_enrolment.py), residents have no second factor: 403.
    "accounts:otp_enrol": Rule(ALL_STAFF, client=o.staff_without_device),
    "accounts:confirm_contact": Rule(SIGNED_IN),
    "accounts:resend_code": Rule(SIGNED_IN, method="POST"),
    "accounts:profile": Rule(RESIDENTS),
    "accounts:profile_edit": Rule(RESIDENTS),
    "accounts:identity_change": Rule(RESIDENTS),
    "accounts_staff:desk": Rule(ALL_STAFF),
    "accounts_staff:staff_list": Rule(ADMIN),
    "accounts_staff:reset_device": Rule(ADMIN, method="POST", args=o.staff_user),
    "accounts_staff:staff_create": Rule(ADMIN),
    "accounts_staff:staff_detail": Rule(ADMIN, args=o.staff_user),
    "accounts_staff:staff_deactivate": Rule(ADMIN, method="POST", args=o.staff_user, done=o.staff_deactivated),
    "accounts_staff:staff_activate": Rule(ADMIN, method="POST", args=o.inactive_staff_user,
                                          done=o.staff_reactivated),
    # locations (administrator's pages)
    "locations_staff:list": Rule(ADMIN),
    "locations_staff:detail": Rule(ADMIN, args=o.location_slug),
    "locations_staff:opening_hours": Rule(ADMIN, args=o.location_slug),
    "locations_staff:closure_create": Rule(ADMIN, method="POST", args=o.location_slug, data={"reason": ""},
                                           note="an empty form: the administrator gets it back with errors"),
    # announcements
    "announcements:list": Rule(EVERYONE),
    "announcements:detail": Rule(EVERYONE, args=o.notice),
    "announcements:story": Rule(EVERYONE, args=o.notice, file=True),
    "announcements:feed": Rule(EVERYONE, file=True),
    "announcements:display": Rule(EVERYONE),
    "announcements:status_index": Rule(EVERYONE),
    "announcements:status": Rule(EVERYONE, args=o.location_slug),
    "announcements_staff:list": Rule(PUBLISHERS),
    "announcements_staff:create": Rule(PUBLISHERS),
    "announcements_staff:detail": Rule(PUBLISHERS, args=o.notice),
    "announcements_staff:edit": Rule(PUBLISHERS, args=o.notice),
    "announcements_staff:end": Rule(PUBLISHERS, method="POST", args=o.notice),
    "announcements_staff:relocate": Rule(HEADS, args=o.location_slug),
    "announcements_staff:webhooks": Rule(ADMIN),
    "announcements_staff:webhook_edit": Rule(ADMIN, args=o.webhook),
    "announcements_staff:webhook_disable": Rule(ADMIN, method="POST", args=o.webhook, done=o.webhook_disabled),
    "announcements_staff:webhook_enable": Rule(ADMIN, method="POST", args=o.disabled_webhook,
                                               done=o.webhook_enabled),
    # applications
    "applications:catalogue": Rule(EVERYONE),
    "applications:start": Rule(EVERYONE, args=o.service_code),
    "applications:check": Rule(EVERYONE),
    "applications:begin": Rule(SIGNED_IN, args=o.service_code),
    "applications:identity": Rule(OWNER_ONLY, args=o.draft_application),
    # Only services that change data elements (F-1.06) have this step; any other draft: 404.
    "applications:changes": Rule(OWNER_ONLY, args=o.data_change_draft),
    "applications:documents": Rule(OWNER_ONLY, args=o.draft_application),
    "applications:event": Rule(OWNER_ONLY, args=o.life_event_draft),
    "applications:upload": Rule(OWNER_ONLY, method="POST", args=o.upload_kind),
    "applications:review": Rule(OWNER_ONLY, args=o.draft_application),
    "applications:confirmation": Rule(OWNER_ONLY, args=o.submitted_application),
    "applications:receipt": Rule(OWNER_ONLY, args=o.submitted_application, file=True),
    "applications:status": Rule(OWNER_ONLY, args=o.submitted_application),
    "applications:cancel": Rule(OWNER_ONLY, method="POST", args=o.submitted_application),
    "applications_staff:queue": Rule(FILE_DESK),
    "applications_staff:catalogue": Rule(staff("section_head")),
    "applications_staff:catalogue_edit": Rule(staff("section_head"), args=o.service_code),
    "applications_staff:catalogue_requirement_add": Rule(staff("section_head"), method="POST", args=o.service_code,
                                                         data={"new-name": ""}),
    "applications_staff:catalogue_requirement": Rule(staff("section_head"), method="POST", args=o.requirement,
                                                     data={"name": ""}),
    "applications_staff:catalogue_requirement_remove": Rule(staff("section_head"), method="POST", args=o.requirement),
    "applications_staff:claim_next": Rule(FILE_DESK, method="POST"),
    "applications_staff:claim": Rule(FILE_DESK, method="POST", args=o.submitted_application),
    "applications_staff:release": Rule(FILE_DESK, method="POST", args=o.submitted_application),
    "applications_staff:detail": Rule(FILE_DESK, args=o.submitted_application),
    "applications_staff:decide": Rule(FILE_DESK, method="POST", args=o.submitted_application),
    "applications_staff:confirm_member": Rule(FILE_DESK, method="POST", args=of.file_family_member),
    # families: each resident their own KK (staff have no resident profile: 404); the desk by KK number
    "families:index": Rule(RESIDENTS),
    "families:add": Rule(RESIDENTS),
    "families_staff:lookup": Rule(FILE_DESK),
    "families_staff:detail": Rule(FILE_DESK, args=of.family_kk),
    "families_staff:confirm": Rule(FILE_DESK, method="POST", args=of.family_member),
    # The counter's receipt of a filed application (thermal page, A4 PDF).
    "applications_staff:receipt": Rule(staff("file_receiver", "information_desk", "operator", "section_head"),
                                       args=o.submitted_application),
    "applications_staff:receipt_pdf": Rule(staff("file_receiver", "information_desk", "operator", "section_head"),
                                           args=o.submitted_application, file=True),
    "short_check": Rule(EVERYONE, args=o.submitted_application,
                        note="the receipt's short link to the public status check (which asks the birth date)"),
    # documents
    "documents:file": Rule(OWNER_ONLY | staff("file_receiver", "operator", "section_head"), args=o.document, file=True),
    # appointments
    "appointments:index": Rule(SIGNED_IN),
    "appointments:new": Rule(SIGNED_IN),
    "appointments:book": Rule(SIGNED_IN, method="POST"),
    "appointments:detail": Rule(OWNER_ONLY, args=o.booking),
    "appointments:cancel": Rule(OWNER_ONLY, method="POST", args=o.booking),
    "appointments:restore": Rule(
        OWNER_ONLY, method="POST", args=o.booking, note="undo: offered for minutes to the browser that cancelled"
    ),
    "appointments:reschedule": Rule(OWNER_ONLY, args=o.booking),
    # complaints
    "complaints:start": Rule(EVERYONE),
    "complaints:file": Rule(EVERYONE),
    "complaints:track": Rule(EVERYONE),
    "complaints:filed": Rule(OWNER_ONLY, args=o.complaint),
    "complaints:detail": Rule(OWNER_ONLY, args=o.complaint),
    "complaints:reply": Rule(OWNER_ONLY, method="POST", args=o.complaint),
    "complaints:reopen": Rule(OWNER_ONLY, method="POST", args=o.complaint),
    "complaints:attachment": Rule(OWNER_ONLY, args=o.complaint_attachment, file=True),
    "complaints_staff:inbox": Rule(COMPLAINT_DESK),
    "complaints_staff:new": Rule(COMPLAINT_DESK | {"information_desk"}),
    "complaints_staff:detail": Rule(COMPLAINT_DESK, args=o.complaint),
    "complaints_staff:reply": Rule(COMPLAINT_DESK, method="POST", args=o.complaint),
    "complaints_staff:status": Rule(COMPLAINT_DESK, method="POST", args=o.complaint),
    "complaints_staff:complexity": Rule(COMPLAINT_DESK, method="POST", args=o.complaint),
    "complaints_staff:assign": Rule(COMPLAINT_DESK, method="POST", args=o.complaint),
    "complaints_staff:attachment": Rule(COMPLAINT_DESK, args=o.complaint_attachment, file=True),
    "complaints_staff:export": Rule(COMPLAINT_DESK, args=o.csv_format, file=True),
    # A complaint about a counter or desk is not handled by the staff who work there (apps.complaints.access):
    # about the recording counter, the operators never see it; about the complaints desk itself, only the section
    # head (and the administrator) do. A name with "#" is a second row for the same URL, with other objects.
    "complaints_staff:detail#about-recording-counter": Rule(COMPLAINT_DESK, args=o.complaint_about("operator")),
    "complaints_staff:detail#about-complaints-desk": Rule(HEADS, args=o.complaint_about("customer_service")),
    "complaints_staff:reply#about-complaints-desk": Rule(HEADS, method="POST",
                                                         args=o.complaint_about("customer_service")),
    "complaints_staff:status#about-complaints-desk": Rule(HEADS, method="POST",
                                                          args=o.complaint_about("customer_service")),
    "complaints_staff:complexity#about-complaints-desk": Rule(HEADS, method="POST",
                                                              args=o.complaint_about("customer_service")),
    "complaints_staff:assign#about-complaints-desk": Rule(HEADS, method="POST",
                                                          args=o.complaint_about("customer_service")),
    "complaints_staff:attachment#about-complaints-desk": Rule(
        HEADS, args=o.complaint_attachment_about("customer_service"), file=True),
    "complaints_staff:evaluation": Rule(HEADS),
    "complaints_staff:my_actions": Rule(ALL_STAFF),
    # The assignee (customer_service in the builder) or a section head; anyone else: 404.
    "complaints_staff:action_done": Rule(staff("customer_service", "section_head"), method="POST", args=o.action_item),
    # central
    "central_staff:status": Rule(staff("operator", "section_head", "file_receiver")),
    # issuance
    "issuance:stock": Rule(EVERYONE),
    # Public check of a Suket by the code printed on it (the code is the capability; initials only).
    "issuance:suket_verify": Rule(EVERYONE, args=st.suket_code),
    # digitaldocs: the QR code's public page; the PDF for its applicant only
    "digitaldocs:verify": Rule(EVERYONE, args=st.signed_document),
    "digitaldocs:download": Rule(OWNER_ONLY, args=st.signed_document, file=True),
    "issuance_staff:biometrics": Rule(staff("operator")),
    "issuance_staff:biometrics_record": Rule(OPERATORS, args=st.awaiting_biometrics),
    "issuance_staff:print_queue": Rule(staff("operator")),
    "issuance_staff:print_card": Rule(OPERATORS, args=st.print_ready),
    # The operator who printed it or the pickup desk that received it tells the resident to come.
    "issuance_staff:ready_for_pickup": Rule(CARD_DESKS, method="POST", args=st.printed,
                                            done=o.status_is("ready_for_pickup")),
    "issuance_staff:suket_issue": Rule(OPERATORS, method="POST", args=st.print_ready, done=st.suket_issued),
    "issuance_staff:suket_renew": Rule(OPERATORS, method="POST", args=st.suket, done=st.suket_renewed),
    "issuance_staff:suket_pdf": Rule(CARD_DESKS, args=st.suket, file=True),
    "issuance_staff:stock": Rule(staff("operator", "section_head")),
    "issuance_staff:pickup": Rule(staff("pickup_officer")),
    "issuance_staff:uncollected": Rule(staff("pickup_officer", "section_head")),
    "issuance_staff:handover": Rule(staff("pickup_officer"), args=st.ready_for_pickup),
    # notifications
    "notifications:inbox": Rule(SIGNED_IN),
    "notifications:mark_all_read": Rule(SIGNED_IN, method="POST"),
    # queueing
    "queueing:ticket": Rule(EVERYONE, args=o.ticket, note="the ticket token is the capability"),
    "queueing:ticket_print": Rule(EVERYONE, args=o.ticket),
    "queueing:display": Rule(EVERYONE, args=o.location_slug),
    "queueing:display_fragment": Rule(EVERYONE, args=o.location_slug),
    "queueing_staff:information_desk": Rule(staff("information_desk", "file_receiver", "section_head")),
    "queueing_staff:kiosk": Rule(staff("information_desk", "file_receiver", "section_head"), args=o.location_slug),
    "queueing_staff:kiosk_checkin": Rule(staff("information_desk", "file_receiver", "section_head"),
                                         args=o.location_slug),
    "queueing_staff:counters": Rule(staff("information_desk", "file_receiver", "operator", "pickup_officer")),
    # A document-check counter: file receivers (and the administrator) only.
    "queueing_staff:console": Rule(FILE_DESK, args=o.counter),
    "queueing_staff:console_action": Rule(FILE_DESK, method="POST", args=o.counter_action),
    "queueing_staff:file_desk": Rule(FILE_DESK, args=o.counter_ticket),
    # surveys
    "surveys:answer": Rule(EVERYONE, args=o.survey_invitation, note="the invitation token is the capability"),
    "surveys:qr": Rule(EVERYONE, args=o.survey_invitation, file=True),
    "surveys:thanks": Rule(EVERYONE),
    "surveys:kiosk": Rule(EVERYONE, args=o.location_slug),
    "surveys_staff:report": Rule(staff("section_head", "customer_service")),
    "surveys_staff:report_file": Rule(staff("section_head", "customer_service"), args=lambda ctx: {"fmt": "xlsx"},
                                      file=True),
    # dashboards
    "dashboards_staff:home": Rule(HEADS),
    "dashboards_staff:drill": Rule(HEADS, data={"q": "BUDI"}),
    "dashboards_staff:export": Rule(HEADS, args=lambda ctx: {"fmt": "xlsx"}, file=True),
    "dashboards_staff:monthly_report": Rule(HEADS, file=True),
    # outreach
    "outreach_staff:overview": Rule(staff("section_head", "information_desk")),
    "outreach_staff:village": Rule(staff("section_head", "information_desk"),
                                   args=lambda ctx: {"code": "33.10.25.1001"}),
    "outreach_staff:visits": Rule(staff("section_head", "information_desk")),
    "outreach_staff:visit_create": Rule(staff("section_head", "information_desk")),
    "outreach_staff:visit": Rule(OUTREACH, args=o.outreach_visit),
    "outreach_staff:visit_cancel": Rule(OUTREACH, method="POST", args=o.outreach_visit, done=o.visit_cancelled),
    # privacy
    "privacy:index": Rule(SIGNED_IN, note="staff see it without the correction form"),
    "privacy:download": Rule(SIGNED_IN, note="everyone may download their own data", file=True),
    "privacy_staff:corrections": Rule(staff("customer_service", "section_head")),
    "privacy_staff:correction": Rule(staff("customer_service", "section_head"), args=o.correction),
    "privacy_staff:breaches": Rule(HEADS),
    "privacy_staff:breach_new": Rule(HEADS),
    "privacy_staff:breach": Rule(HEADS, args=o.breach),
    "privacy_staff:access_log": Rule(HEADS),
    "ops:metrics": Rule(NOBODY, note="for a scraper with the bearer token or from an allowed address, never a "
                                     "user; token not configured in tests (see apps/ops/tests/test_metrics.py)"),
    # publicinfo: service standards, performance, guides (public); standards edited by the section head
    "publicinfo:standards": Rule(EVERYONE),
    "publicinfo:standard": Rule(EVERYONE, args=o.service_code),
    "publicinfo:poster": Rule(EVERYONE, args=o.service_code, file=True),
    "publicinfo:performance": Rule(EVERYONE),
    "publicinfo:performance_csv": Rule(EVERYONE, file=True),
    "publicinfo:performance_json": Rule(EVERYONE),
    "publicinfo:guides": Rule(EVERYONE),
    "publicinfo:guide": Rule(EVERYONE, args=o.guide_slug),
    "publicinfo_staff:standards": Rule(HEADS),
    "publicinfo_staff:edit": Rule(HEADS, args=o.service_code),
}

API: dict[str, Rule] = {
    # applications
    "apps_applications_api_list_services": Rule(EVERYONE),
    "apps_applications_api_create_draft": Rule(SIGNED_IN, method="POST", data=o.draft_payload,
                                                note="staff get a 400 (no resident profile)"),
    "apps_applications_api_read": Rule(OWNER_ONLY, args=o.submitted_application),
    "apps_applications_api_put_identity": Rule(OWNER_ONLY, args=o.draft_application, data=o.identity_payload),
    "apps_applications_api_upload": Rule(OWNER_ONLY, args=o.upload_kind, upload=True),
    "apps_applications_api_submit": Rule(OWNER_ONLY, args=o.draft_application),
    "apps_applications_api_desk_queue": Rule(FILE_DESK),
    "apps_applications_api_claim": Rule(FILE_DESK, args=o.submitted_application),
    "apps_applications_api_decide": Rule(FILE_DESK, args=o.submitted_application, data=o.decision_payload),
    "apps_applications_api_submit_at_once": Rule(SIGNED_IN, method="POST", data=o.draft_payload, upload=True,
                                                 note="staff get a 400 (no resident profile)"),
    "apps_applications_api_life_put_event": Rule(OWNER_ONLY, args=o.birth_draft_application,
                                                 data={"child_name": "RARA"}),
    "apps_applications_api_family_file_family": Rule(FILE_DESK, args=of.file_with_family),
    "apps_applications_api_family_confirm_member": Rule(FILE_DESK, args=of.file_family_member),
    # digitaldocs: the applicant's signed documents; the public check of a number
    "apps_digitaldocs_api_list_documents": Rule(SIGNED_IN, note="staff get an empty list (no files of their own)"),
    "apps_digitaldocs_api_download": Rule(OWNER_ONLY, args=st.signed_document, file=True),
    "apps_digitaldocs_api_verify": Rule(EVERYONE, args=st.signed_document),
    # families: each resident their own KK (staff: 404, no resident profile)
    "apps_families_api_list_members": Rule(RESIDENTS),
    "apps_families_api_add_member": Rule(RESIDENTS, method="POST", data=of.member_payload),
    # complaints (anyone may file; following needs the code and the contact: unknown code is 404)
    "apps_complaints_api_file_complaint": Rule(EVERYONE, method="POST"),
    "apps_complaints_api_follow_complaint": Rule(OWNER_ONLY, args=o.complaint),
    # issuance
    "apps_issuance_api_stock": Rule(EVERYONE),
    # appointments (a resident books and cancels their own; another's is 404); public ticket status (queueing)
    "apps_appointments_api_book": Rule(SIGNED_IN, method="POST", data=o.slot_payload,
                                       note="residents get a 201; staff a 400 (no resident profile)"),
    "apps_appointments_api_cancel": Rule(OWNER_ONLY, method="POST", args=o.booking),
    "apps_appointments_api_read": Rule(OWNER_ONLY, args=o.booking),
    "apps_appointments_api_my_bookings": Rule(SIGNED_IN, note="each their own list (staff: an empty one)"),
    "apps_queueing_api_ticket_status": Rule(EVERYONE, args=o.ticket, note="the ticket token is the capability"),
}
