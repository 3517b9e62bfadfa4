"""What the API reads and writes. Reads are plain serializers over the selectors' rows;
writes only validate shapes, the services decide (api.views)."""

from __future__ import annotations

from rest_framework import serializers

from bookings.enums import BookingStatus
from bookings.models import Booking
from learning_reports.models import LearningReport
from visits.enums import SiteVisitStatus, VisitStatus

from .enums import Event


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    errors = serializers.DictField(required=False)


class DepartureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    seats = serializers.IntegerField()
    seats_left = serializers.IntegerField()
    language = serializers.CharField()
    status = serializers.CharField()


class ThemeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="translation_key")
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.CharField(source="locale.language_code")


class HostSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="translation_key")
    name = serializers.CharField()
    sector = serializers.CharField()
    summary = serializers.CharField()
    city = serializers.CharField()
    max_group_size = serializers.IntegerField()
    requires_id_check = serializers.BooleanField()
    requires_clearance = serializers.BooleanField()
    photography_allowed = serializers.BooleanField()
    language = serializers.CharField(source="locale.language_code")


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="translation_key")
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.CharField(source="locale.language_code")
    url = serializers.CharField(source="api_url", allow_null=True)
    duration_days = serializers.IntegerField()
    group_size_min = serializers.IntegerField()
    group_size_max = serializers.IntegerField()
    price_from = serializers.DecimalField(
        max_digits=13, decimal_places=2, allow_null=True, source="api_price_from"
    )
    currency = serializers.SerializerMethodField()
    themes = serializers.ListField(child=serializers.UUIDField(), source="api_themes")
    departures = DepartureSerializer(many=True, source="api_departures")

    def get_currency(self, obj) -> str:
        return "EUR"


class BookingSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    programme = serializers.UUIDField(source="programme.translation_key")
    departure = serializers.IntegerField(source="departure_id", allow_null=True)
    organisation = serializers.CharField(source="organisation.name")
    participants_named = serializers.IntegerField(source="api_named")

    class Meta:
        model = Booking
        fields = [
            "reference",
            "kind",
            "status",
            "organisation",
            "programme",
            "departure",
            "participants_count",
            "participants_named",
            "start_date",
            "end_date",
            "language",
            "hold_expires_at",
            "participant_deadline",
            "created_at",
        ]


class HoldCreateSerializer(serializers.Serializer):
    departure = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    participants_count = serializers.IntegerField(min_value=1, max_value=500)
    language = serializers.ChoiceField(choices=["en", "fi", "sv"], default="en")


class ParticipantCreateSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    organisation = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    nationality = serializers.RegexField(r"^[A-Z]{2}$")
    emergency_contact_name = serializers.CharField(max_length=150)
    emergency_contact_phone = serializers.CharField(max_length=50)
    dietary_needs = serializers.CharField(max_length=300, required=False, allow_blank=True)
    accessibility_needs = serializers.CharField(max_length=300, required=False, allow_blank=True)
    consent_named_in_reports = serializers.BooleanField(required=False, default=False)
    id_document_type = serializers.CharField(max_length=30, required=False, allow_blank=True)
    id_document_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    id_document_expiry = serializers.DateField(required=False, allow_null=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)


class ParticipantCreatedSerializer(serializers.Serializer):
    """Only the participant's id and completeness: the details stay out of stored answers."""

    id = serializers.IntegerField()
    complete = serializers.BooleanField()
    booking = serializers.CharField()


class HostRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SiteVisitStatus.choices)
    host = serializers.UUIDField(source="host.translation_key")
    title = serializers.CharField(source="api_title")
    starts_at = serializers.DateTimeField(source="item.starts_at")
    ends_at = serializers.DateTimeField(source="item.ends_at")
    group_size = serializers.IntegerField(source="item.visit.booking.participants_count")
    proposed_start = serializers.DateTimeField(allow_null=True)
    proposed_end = serializers.DateTimeField(allow_null=True)
    decline_reason = serializers.CharField()
    requested_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ProposeSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class ItineraryItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    host = serializers.UUIDField(source="host.translation_key", allow_null=True)


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    booking = serializers.CharField(source="booking.reference")
    status = serializers.ChoiceField(choices=VisitStatus.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    group_size = serializers.IntegerField(source="booking.participants_count")
    itinerary = ItineraryItemSerializer(many=True, source="api_items")


class ReportSerializer(serializers.ModelSerializer):
    visit = serializers.IntegerField(source="visit_id")
    booking = serializers.CharField(source="visit.booking.reference")
    starts_on = serializers.DateField(source="visit.starts_on")
    figures = serializers.SerializerMethodField()

    class Meta:
        model = LearningReport
        fields = [
            "id",
            "visit",
            "booking",
            "starts_on",
            "observations",
            "lessons_learned",
            "recommendations",
            "figures",
            "published_at",
        ]

    def get_figures(self, obj) -> dict:
        # The compiled figures without the quotes: those name people (by consent, for the
        # report's readers), which the API does not pass on.
        return {k: v for k, v in (obj.content or {}).items() if k not in ("quotes",)}


class DashboardSerializer(serializers.Serializer):
    visits = serializers.IntegerField()
    participants = serializers.IntegerField()
    countries = serializers.DictField(child=serializers.IntegerField())
    country_count = serializers.IntegerField()
    answers = serializers.IntegerField()
    satisfaction = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    nps = serializers.IntegerField(allow_null=True)
    objectives_met_share = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    cooperation_count = serializers.IntegerField()
    room_nights = serializers.IntegerField()
    guest_nights = serializers.IntegerField()
    spend = serializers.DecimalField(max_digits=13, decimal_places=2)


class WebhookEndpointSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Event.choices), min_length=1, max_length=20
    )
    active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown once, when created.")
