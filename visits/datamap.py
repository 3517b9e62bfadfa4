"""visits' part of the data map (core.datamap)."""

from core import datamap as d

for _m, _f, _kind, _purpose, _ret in (
    ("Incident", "description", d.FREE_TEXT, "duty of care", d.VISIT_PERIOD),
    ("Incident", "informed", d.FREE_TEXT, "duty of care", d.VISIT_PERIOD),
    ("Incident", "actions", d.FREE_TEXT, "duty of care", d.VISIT_PERIOD),
    ("ItineraryItem", "attendees", d.FREE_TEXT, "who attends", d.VISIT_PERIOD),
    ("ItineraryItem", "notes", d.FREE_TEXT, "practical notes", d.VISIT_PERIOD),
    ("Visit", "manager_phone", d.CONTACT, "duty of care", d.VISIT_PERIOD),
    ("SiteVisit", "decline_reason", d.FREE_TEXT, "host's answer", d.VISIT_PERIOD),
    ("HostBusyTime", "summary", d.FREE_TEXT, "host's busy times", d.HOST_PERIOD),
    ("Resource", "name", d.IDENTITY, "guides and interpreters", d.HOST_PERIOD),
    ("Resource", "phone", d.CONTACT, "guides and interpreters", d.HOST_PERIOD),
    ("Resource", "email", d.CONTACT, "guides and interpreters", d.HOST_PERIOD),
    ("CalendarFeed", "token", d.NETWORK, "private calendar address", d.HOST_PERIOD),
):
    d.declare(f"visits.{_m}", _f, kind=_kind, purpose=_purpose, retention=_ret, erasure=d.BLANK)
d.declare(
    "visits.BriefingAcknowledgement",
    "participant",
    kind=d.IDENTITY,
    purpose="who read the safety briefing",
    retention=d.BOOKING_PERIOD,
    erasure=d.COUNT,
)
d.declare(
    "visits.VettingDecision",
    "participant",
    kind=d.IDENTITY,
    purpose="a host's vetting decision on a visitor",
    retention=d.VISIT_PERIOD,
    erasure=d.DELETE,
)
d.declare(
    "visits.Attendance",
    "participant",
    kind=d.IDENTITY,
    purpose="who arrived at a site visit (duty of care, attendance counts)",
    retention=d.VISIT_PERIOD,
    erasure=d.COUNT,
)
d.declare(
    "visits.NeedsSharingConsent",
    "participant",
    kind=d.HEALTH,
    purpose="consent to be named with one's dietary and accessibility needs",
    retention=d.VISIT_PERIOD,
    erasure=d.DELETE,
)
d.not_personal("visits.VettingDecision", "site_visit", "status", "decided_by", "decided_at")
d.not_personal("visits.Attendance", "site_visit", "checked_in_at", "checked_in_by", "received_at")
d.not_personal("visits.NeedsSharingConsent", "share_name", "updated_at")
for _m in (
    "HostMembership",
    "HostAvailability",
    "HostClosedDate",
    "ResourceAssignment",
    "TravelTime",
    "RiskTemplate",
    "RiskAssessment",
    "Risk",
    "ReminderSent",
):
    d.not_personal(f"visits.{_m}")
d.not_personal("visits.Incident", "visit", "occurred_at", "severity", "created_at", "reported_by")
d.not_personal(
    "visits.ItineraryItem",
    *"visit kind title starts_at ends_at place removed sequence created_at updated_at "
    "host site_visit".split(),
)
d.not_personal(
    "visits.Visit",
    *"booking status starts_on ends_on confidential nearest_hospital meeting_points "
    "created_at updated_at manager".split(),
)
d.not_personal(
    "visits.SiteVisit",
    *"visit host status proposed_start proposed_end answered_at requested_at item".split(),
)
d.not_personal("visits.HostBusyTime", "host", "starts_at", "ends_at")
d.not_personal("visits.Resource", "kind", "languages", "active")
d.not_personal("visits.CalendarFeed", "kind", "revoked_at", "created_at", "user", "booking")
d.not_personal("visits.BriefingAcknowledgement", "visit", "acknowledged_at")
d.not_personal("visits.Visit", "escort")
d.not_personal("visits.SiteVisit", "answered_by")
d.not_personal("visits.CalendarFeed", "host", "visit")
