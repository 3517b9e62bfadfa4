"""delegations' part of the data map (core.datamap)."""

from core import datamap as d

LETTER = "delegations.InvitationLetter"
_VISA = "the visa invitation letter (printed on it)"
for _f in ("full_name", "purpose"):
    d.declare(
        LETTER, _f, kind=d.IDENTITY, purpose=_VISA, retention=d.BOOKING_PERIOD, erasure=d.BLANK
    )
d.declare(
    LETTER,
    "nationality",
    kind=d.IDENTITY,
    purpose=_VISA,
    retention=d.BOOKING_PERIOD,
    erasure=d.BLANK,
)
for _f in ("passport_number", "passport_expiry", "date_of_birth"):
    d.declare(
        LETTER,
        _f,
        kind=d.TRAVEL_DOCUMENT,
        purpose=_VISA,
        retention=d.TRAVEL_PERIOD,
        erasure=d.BLANK,
    )
d.declare(
    LETTER,
    "refusal_reason",
    kind=d.FREE_TEXT,
    purpose="why a letter was refused",
    retention=d.BOOKING_PERIOD,
    erasure=d.BLANK,
)
d.declare(
    LETTER,
    "requested_by",
    kind=d.IDENTITY,
    purpose="who asked for the letter",
    retention=d.BOOKING_PERIOD,
    erasure=d.PSEUDONYMISE,
)
d.not_personal(
    LETTER,
    "booking",
    "participant",
    "status",
    "arrival",
    "departure",
    "entry_state",
    "accommodation",
    "costs_paid_by",
    "code",
    "requested_at",
    "decided_at",
    "decided_by",
    "passport_erased_at",
)

PROTOCOL = "delegations.ParticipantProtocol"
for _f in ("honorific", "form_of_address", "position"):
    d.declare(
        PROTOCOL,
        _f,
        kind=d.IDENTITY,
        purpose="protocol: lists, place cards, badges",
        retention=d.BOOKING_PERIOD,
        erasure=d.DELETE,
    )
d.not_personal(PROTOCOL, "participant", "rank", "precedence", "car", "speaks", "badge_id")

ROOM = "delegations.RoomAssignment"
d.declare(
    ROOM,
    "special_needs",
    kind=d.HEALTH,
    purpose="the hotel's rooming list",
    retention=d.BOOKING_PERIOD,
    erasure=d.DELETE,
)
d.not_personal(ROOM, "booking", "hotel", "participant", "occupancy", "room", "arrival", "departure")

SENT = "delegations.RoomingListSending"
d.declare(
    SENT,
    "rows",
    kind=d.HEALTH,
    purpose="what the hotel was sent (names, needs): marks changes",
    retention=d.BOOKING_PERIOD,
    erasure=d.BLANK,
)
d.declare(
    SENT,
    "recipient",
    kind=d.CONTACT,
    purpose="the hotel's desk the list went to",
    retention=d.BOOKING_PERIOD,
    erasure=d.BLANK,
)
d.not_personal(SENT, "booking", "hotel", "sent_at", "sent_by", "language")
