"""learning_reports' part of the data map (core.datamap)."""

from core import datamap as d

for _m, _f, _kind, _purpose, _ret, _er in (
    ("FeedbackResponse", "apply_at_home", d.FREE_TEXT, "feedback", d.CONSENT_PERIOD, d.BLANK),
    ("FeedbackResponse", "improve", d.FREE_TEXT, "feedback", d.CONSENT_PERIOD, d.BLANK),
    ("FeedbackResponse", "quote_name", d.IDENTITY, "named quote", d.CONSENT_PERIOD, d.BLANK),
    ("FeedbackResponse", "quote_country", d.IDENTITY, "named quote", d.CONSENT_PERIOD, d.BLANK),
    ("SiteVisitRating", "comment", d.FREE_TEXT, "feedback", d.CONSENT_PERIOD, d.BLANK),
    ("FollowUpResponse", "behaviour", d.FREE_TEXT, "follow-up", d.CONSENT_PERIOD, d.BLANK),
    ("FollowUpResponse", "results", d.FREE_TEXT, "follow-up", d.CONSENT_PERIOD, d.BLANK),
    ("FollowUpResponse", "cooperation_details", d.FREE_TEXT, "follow-up", d.VISIT_PERIOD, d.BLANK),
    ("FollowUpResponse", "quote_name", d.IDENTITY, "named quote", d.CONSENT_PERIOD, d.BLANK),
    ("HostDebrief", "how_it_went", d.FREE_TEXT, "host debrief", d.VISIT_PERIOD, d.BLANK),
    ("HostDebrief", "questions_asked", d.FREE_TEXT, "host debrief", d.VISIT_PERIOD, d.BLANK),
    ("HostDebrief", "follow_up_contacts", d.FREE_TEXT, "host debrief", d.VISIT_PERIOD, d.BLANK),
    ("LearningReport", "content", d.FREE_TEXT, "report (quotes)", d.CONSENT_PERIOD, d.BLANK),
    ("ReportVersion", "content", d.FREE_TEXT, "report (quotes)", d.CONSENT_PERIOD, d.BLANK),
    ("LearningReport", "share_nonce", d.NETWORK, "shared link", d.CONSENT_PERIOD, d.BLANK),
    ("ReviewComment", "text", d.FREE_TEXT, "review", d.VISIT_PERIOD, d.BLANK),
    ("FeedbackInvitation", "participant", d.IDENTITY, "who was asked", d.VISIT_PERIOD, d.COUNT),
):
    d.declare(
        f"learning_reports.{_m}", _f, kind=_kind, purpose=_purpose, retention=_ret, erasure=_er
    )
d.declare(
    "learning_reports.LearningReport",
    "content",
    key="quotes",
    kind=d.FREE_TEXT,
    purpose="quotes as consent allows",
    retention=d.CONSENT_PERIOD,
    erasure=d.BLANK,
)
# Copies of other fields' free text inside the stored report and its versions (JSON paths,
# "*" for each item of a list): blanked with their source, 12 months after the visit
# (learning_reports.retention.report_copies_expire reads this list).
CONTENT_COPIES = (
    ("safety.items.*.description", "incident text"),
    ("safety.items.*.actions", "incident text"),
    ("ratings.sites.*.debrief.how_it_went", "host debrief"),
    ("ratings.sites.*.debrief.questions_asked", "host debrief"),
    ("ratings.sites.*.debrief.follow_up_contacts", "host debrief"),
)
for _model in ("LearningReport", "ReportVersion"):
    for _path, _purpose in CONTENT_COPIES:
        d.declare(
            f"learning_reports.{_model}",
            "content",
            key=_path,
            kind=d.FREE_TEXT,
            purpose=f"report ({_purpose})",
            retention=d.VISIT_PERIOD,
            erasure=d.BLANK,
        )
d.not_personal("learning_reports.ObjectiveRating")
d.not_personal(
    "learning_reports.FeedbackInvitation",
    *"visit nonce revoked_at kind language expires_at sent_at reminded_at reminders_sent "
    "answered_at created_at".split(),
)
d.not_personal(
    "learning_reports.FeedbackResponse",
    "invitation",
    "visit",
    "overall_rating",
    "nps",
    "consent",
    "submitted_at",
)
d.not_personal("learning_reports.SiteVisitRating", "response", "site_visit", "host", "rating")
d.not_personal(
    "learning_reports.FollowUpResponse",
    *"invitation visit applied_level cooperation consent submitted_at".split(),
)
d.not_personal("learning_reports.HostDebrief", "visit", "host", "cooperation", "updated_at")
d.not_personal(
    "learning_reports.LearningReport",
    *"visit status observations lessons_learned recommendations compile_state share_expires_on "
    "compile_progress compile_step compiled_at published_at created_at updated_at".split(),
)
d.not_personal(
    "learning_reports.ReportVersion",
    *"report number status observations lessons_learned recommendations created_at author".split(),
)
d.not_personal(
    "learning_reports.ReviewComment", "report", "version_number", "section", "created_at", "author"
)
d.not_personal("learning_reports.HostDebrief", "site_visit", "author")
d.not_personal("learning_reports.ReportVersion", "created_by")
