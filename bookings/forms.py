"""Forms of the delegation's booking journey.

Forms validate what the user typed and hand clean values to one service each; they do
not write bookings themselves. The two exceptions are joining and creating a delegation
organisation, which have no service in bookings.services yet (see `OrganisationForm`).
"""

from __future__ import annotations

import datetime

from babel import Locale as BabelLocale
from django import forms
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.roles import DELEGATION_CONTACTS
from core.audit import audit_record
from core.formatting import babel_locale, format_money
from core.forms import DATE_BOUNDS, GuardedFormSet, IdChoiceField, IdMultipleChoiceField
from core.widgets import IsoDateInput
from programmes.models import HostOrganisation, ProgrammePage, ThemePage
from programmes.templatetags.paamaja_tags import money

from .enums import ExtraUnit, Occupancy, PaymentMethod
from .models import Extra, Organisation, Participant, RoomType
from .participants import REQUIRED_FIELDS
from .services import RoomRequest

# Babel's territory list also holds regions ("001" World, "150" Europe) and
# pseudo-territories; a country select wants only ISO 3166 alpha-2 countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"}

# How far accommodation may start before the programme and end after it.
ACCOMMODATION_MARGIN_DAYS = 3
MAX_ROOMS_PER_TYPE = 50
MAX_EXTRA_QUANTITY = 20


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 codes with their names in `language`, sorted by name."""
    territories = BabelLocale.parse(babel_locale(language)).territories
    countries = [
        (iso, name)
        for iso, name in territories.items()
        if len(iso) == 2 and iso.isalpha() and iso not in _NOT_COUNTRIES
    ]
    return sorted(countries, key=lambda item: item[1].casefold())


class CountryField(forms.ChoiceField):
    """A select of countries named in the active language; the value is the ISO code."""

    def __init__(self, *, required=True, **kwargs):
        super().__init__(choices=self._choices_now, required=required, **kwargs)

    def _choices_now(self):
        return [("", _("Choose a country")), *country_choices()]


class OrganisationChoiceMixin:
    """Adds an organisation select when the user belongs to more than one."""

    def _add_organisation_field(self, organisations):
        organisations = list(organisations)
        self.organisations = organisations
        if len(organisations) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Booking for"),
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
                empty_label=None,
            )
            self.order_fields(["organisation"])

    def chosen_organisation(self) -> Organisation:
        return self.cleaned_data.get("organisation") or self.organisations[0]


# --------------------------------------------------------------------------- organisation


class OrganisationForm(forms.ModelForm):
    country = CountryField(label=_("Country"))

    class Meta:
        model = Organisation
        fields = [
            "name",
            "country",
            "type",
            "vat_id",
            "billing_address",
            "billing_email",
            "purchase_order_reference",
        ]
        widgets = {"billing_address": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "name": _("The ministry, city, agency or company the delegation comes from."),
            "vat_id": _("Printed on the invoice, e.g. DE123456789."),
            "billing_email": _("Invoices are sent here; leave empty to use your own e-mail."),
            "purchase_order_reference": _("Printed on the invoice if your finance team needs it."),
        }

    def save_for(self, *, user) -> Organisation:
        """Create the organisation with `user` as its first member, a delegation contact.

        Candidate for bookings.services as `organisation_create(*, user, data)`.
        """
        with transaction.atomic():
            organisation = self.save()
            organisation.members.add(user)
            _make_delegation_contact(user)
            audit_record(subject=organisation, action="organisation_create", actor=user)
        return organisation


class JoinOrganisationForm(forms.Form):
    join_code = forms.CharField(
        label=_("Join code"),
        max_length=32,
        help_text=_("A colleague finds it on their organisation page in Päämaja."),
    )

    def clean_join_code(self):
        code = self.cleaned_data["join_code"].strip()
        organisation = Organisation.objects.filter(join_code=code).first()
        if organisation is None:
            raise forms.ValidationError(
                _("No organisation has this join code. Check it with your colleague.")
            )
        self.organisation = organisation
        return code

    def save_for(self, *, user) -> Organisation:
        """Add `user` to the organisation. Candidate for services as `organisation_join`."""
        with transaction.atomic():
            self.organisation.members.add(user)
            _make_delegation_contact(user)
            audit_record(subject=self.organisation, action="organisation_join", actor=user)
        return self.organisation


def _make_delegation_contact(user) -> None:
    group, _created = Group.objects.get_or_create(name=DELEGATION_CONTACTS)
    user.groups.add(group)


# --------------------------------------------------------------------------- step 1


class GroupSizeForm(OrganisationChoiceMixin, forms.Form):
    participants_count = forms.IntegerField(
        label=_("Number of participants"), min_value=1, max_value=10000
    )

    def __init__(self, *args, programme, seats_left: int, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        low = programme.group_size_min
        high = min(programme.group_size_max, seats_left)
        field = self.fields["participants_count"]
        # Bounds are checked in clean_participants_count, with a message that says why.
        field.widget.attrs.update({"min": low, "max": high, "inputmode": "numeric"})
        field.help_text = _(
            "This programme takes groups of %(min)s to %(max)s; %(left)s seats are left."
        ) % {"min": low, "max": programme.group_size_max, "left": seats_left}
        self.programme = programme
        self.seats_left = seats_left
        self._add_organisation_field(organisations)

    def clean_participants_count(self):
        count = self.cleaned_data["participants_count"]
        if count < self.programme.group_size_min or count > self.programme.group_size_max:
            raise forms.ValidationError(
                _("This programme takes groups of %(min)s to %(max)s participants.")
                % {"min": self.programme.group_size_min, "max": self.programme.group_size_max}
            )
        if count > self.seats_left:
            raise forms.ValidationError(
                _("Only %(left)s seats are left on this departure.") % {"left": self.seats_left}
            )
        return count


class WaitingListForm(OrganisationChoiceMixin, forms.Form):
    participants_count = forms.IntegerField(
        label=_("Number of participants"), min_value=1, max_value=10000
    )

    def __init__(self, *args, programme, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participants_count"]
        field.widget.attrs.update(
            {"min": programme.group_size_min, "max": programme.group_size_max}
        )
        self.programme = programme
        field.help_text = _("We offer you the seats only when the whole delegation fits.")
        self._add_organisation_field(organisations)

    def clean_participants_count(self):
        count = self.cleaned_data["participants_count"]
        low, high = self.programme.group_size_min, self.programme.group_size_max
        if not low <= count <= high:
            raise forms.ValidationError(
                _("This programme takes groups of %(min)s to %(max)s participants.")
                % {"min": low, "max": high}
            )
        return count


# --------------------------------------------------------------------------- step 2


class AccommodationForm(forms.Form):
    """Arrival and departure dates and, per room type, single and double rooms."""

    arrival = forms.DateField(label=_("Arrival"), widget=IsoDateInput(), validators=DATE_BOUNDS)
    departure = forms.DateField(label=_("Departure"), widget=IsoDateInput(), validators=DATE_BOUNDS)

    def __init__(self, *args, booking, room_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.room_types = list(room_types)
        self.fields["arrival"].help_text = _("The first night you need a room.")
        self.fields["departure"].help_text = _("The day you check out.")
        self.earliest = booking.start_date - datetime.timedelta(days=ACCOMMODATION_MARGIN_DAYS)
        self.latest = booking.end_date + datetime.timedelta(days=ACCOMMODATION_MARGIN_DAYS)
        for name in ("arrival", "departure"):
            self.fields[name].widget.attrs.update(
                {"min": self.earliest.isoformat(), "max": self.latest.isoformat()}
            )
        for room_type in self.room_types:
            for occupancy in Occupancy:
                self.fields[self.field_name(room_type, occupancy)] = forms.IntegerField(
                    label=_("%(room)s, %(occupancy)s")
                    % {"room": room_type, "occupancy": occupancy.label.lower()},
                    min_value=0,
                    max_value=MAX_ROOMS_PER_TYPE,
                    initial=0,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    @staticmethod
    def field_name(room_type: RoomType, occupancy: str) -> str:
        return f"room_{room_type.pk}_{occupancy}"

    def room_rows(self):
        """(room type, single field, double field) for the template."""
        return [
            (
                room_type,
                self[self.field_name(room_type, Occupancy.SINGLE)],
                self[self.field_name(room_type, Occupancy.DOUBLE)],
            )
            for room_type in self.room_types
        ]

    def clean(self):
        cleaned = super().clean()
        arrival, departure = cleaned.get("arrival"), cleaned.get("departure")
        if arrival and not self.earliest <= arrival <= self.latest:
            self.add_error(
                "arrival",
                _("Choose a date between %(first)s and %(last)s.")
                % {
                    "first": self.earliest.strftime("%d.%m.%Y"),
                    "last": self.latest.strftime("%d.%m.%Y"),
                },
            )
        if departure and not self.earliest <= departure <= self.latest:
            self.add_error(
                "departure",
                _("Choose a date between %(first)s and %(last)s.")
                % {
                    "first": self.earliest.strftime("%d.%m.%Y"),
                    "last": self.latest.strftime("%d.%m.%Y"),
                },
            )
        rooms = 0
        beds = 0
        for room_type in self.room_types:
            for occupancy in Occupancy:
                name = self.field_name(room_type, occupancy)
                count = cleaned.get(name) or 0
                cleaned[name] = count
                rooms += count
                beds += count * (2 if occupancy == Occupancy.DOUBLE else 1)
        if arrival and departure and departure <= arrival and rooms:
            self.add_error("departure", _("Departure must be after arrival."))
        if rooms > self.booking.participants_count:
            raise forms.ValidationError(
                _(
                    "You chose %(rooms)s rooms for %(people)s participants: "
                    "that is more rooms than people."
                )
                % {"rooms": rooms, "people": self.booking.participants_count}
            )
        self.rooms_total = rooms
        self.beds_total = beds
        return cleaned

    def room_requests(self):
        requests = []
        for room_type in self.room_types:
            for occupancy in Occupancy:
                count = self.cleaned_data.get(self.field_name(room_type, occupancy)) or 0
                if count:
                    requests.append(
                        RoomRequest(room_type=room_type, occupancy=occupancy, rooms=count)
                    )
        return requests


# --------------------------------------------------------------------------- step 3


class ExtrasForm(forms.Form):
    def __init__(self, *args, booking, extras, **kwargs):
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.extras = list(extras)
        for extra in self.extras:
            self.fields[self.field_name(extra)] = forms.IntegerField(
                label=extra.name,
                min_value=0,
                max_value=MAX_EXTRA_QUANTITY,
                initial=0,
                required=False,
                help_text=self.unit_help(extra),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    @staticmethod
    def field_name(extra: Extra) -> str:
        return f"extra_{extra.pk}"

    def unit_help(self, extra: Extra) -> str:
        price = money(extra.price)
        if extra.unit == ExtraUnit.PER_PERSON:
            return _("%(price)s per person. 1 orders it once for all %(n)s participants.") % {
                "price": price,
                "n": self.booking.participants_count,
            }
        if extra.unit == ExtraUnit.PER_DAY:
            days = (self.booking.end_date - self.booking.start_date).days + 1
            return _("%(price)s per day. 1 orders it for each of the %(n)s programme days.") % {
                "price": price,
                "n": days,
            }
        return _("%(price)s each. How many do you need?") % {"price": price}

    def extra_rows(self):
        return [(extra, self[self.field_name(extra)]) for extra in self.extras]

    def quantities(self) -> dict[Extra, int]:
        return {extra: self.cleaned_data.get(self.field_name(extra)) or 0 for extra in self.extras}


# --------------------------------------------------------------------------- step 4


class ParticipantRowForm(forms.Form):
    """One participant in the contact's list: a name now, or a private link by e-mail."""

    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    invite = forms.BooleanField(
        label=_("Send a private link so that this person fills in their own details"),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("invite") and not cleaned.get("email"):
            self.add_error("email", _("Enter the e-mail address to send the private link to."))
        return cleaned


class BaseParticipantRowFormSet(GuardedFormSet):
    def __init__(self, *args, participants, **kwargs):
        self.participants = list(participants)
        kwargs.setdefault(
            "initial",
            [
                {"first_name": p.first_name, "last_name": p.last_name, "email": p.email}
                for p in self.participants
            ],
        )
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.participants)

    def _expected_initial_count(self) -> int:
        return len(self.participants)

    def rows(self):
        return list(zip(self.participants, self.forms, strict=True))


ParticipantRowFormSet = forms.formset_factory(
    ParticipantRowForm, formset=BaseParticipantRowFormSet, extra=0
)

ID_FIELDS = ("id_document_type", "id_document_number", "id_document_expiry", "date_of_birth")


class ParticipantDetailsForm(forms.ModelForm):
    """A participant's own details. ID document fields only where a host requires them."""

    nationality = CountryField(label=_("Nationality"), required=False)
    id_document_type = forms.ChoiceField(
        label=_("ID document type"),
        required=False,
        choices=[
            ("", _("Choose")),
            ("passport", _("Passport")),
            ("national_id", _("National identity card")),
            ("diplomatic_passport", _("Diplomatic passport")),
        ],
    )

    class Meta:
        model = Participant
        fields = [
            "first_name",
            "last_name",
            "title",
            "organisation",
            "email",
            "nationality",
            "id_document_type",
            "id_document_number",
            "id_document_expiry",
            "date_of_birth",
            "dietary_needs",
            "accessibility_needs",
            "emergency_contact_name",
            "emergency_contact_phone",
            "consent_named_in_reports",
        ]
        widgets = {
            "id_document_expiry": IsoDateInput(),
            "date_of_birth": IsoDateInput(),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }
        labels = {
            "title": _("Title or position"),
            "consent_named_in_reports": _(
                "I agree to be named in the learning report of this visit"
            ),
        }
        help_texts = {
            "dietary_needs": _("Allergies, diets, or leave empty."),
            "accessibility_needs": _("Anything that helps you take part, or leave empty."),
            "emergency_contact_name": _("Someone we call if something happens to you."),
        }

    def __init__(self, *args, id_required: bool, require_all: bool, **kwargs):
        """`require_all`: the participant's own form asks for every required detail;
        the contact may save what they know and leave the rest to the participant."""

        super().__init__(*args, **kwargs)
        self.id_required = id_required
        required = REQUIRED_FIELDS if require_all else ("first_name", "last_name")
        for name in required:
            self.fields[name].required = True
        if id_required:
            for name in ID_FIELDS:
                self.fields[name].required = require_all
            self.fields["id_document_number"].help_text = _(
                "A host on this programme checks visitors' identity in advance."
            )
        else:
            for name in ID_FIELDS:
                del self.fields[name]
        if "id_document_expiry" in self.fields:
            self.fields["id_document_expiry"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean_id_document_expiry(self):
        expiry = self.cleaned_data.get("id_document_expiry")
        end = self.instance.booking.end_date if self.instance.booking_id else None
        if expiry and end and expiry < end:
            raise forms.ValidationError(_("The document must be valid until the end of the visit."))
        return expiry

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and born >= timezone.localdate():
            raise forms.ValidationError(_("Enter a date in the past."))
        return born

    def service_data(self) -> dict:
        """The cleaned values for participant_update (no model instance is saved here)."""
        return {name: self.cleaned_data[name] for name in self.fields}


# Dates from the model's fields, bounded like every date we accept (issue 13).
for _name in ("id_document_expiry", "date_of_birth"):
    ParticipantDetailsForm.base_fields[_name].validators.extend(DATE_BOUNDS)


# --------------------------------------------------------------------------- step 5


class CheckoutForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("How would you like to pay?"),
        choices=[
            (PaymentMethod.CARD, _("Card: pay the deposit now, the balance later")),
            (PaymentMethod.INVOICE, _("Invoice: we send an invoice for the whole amount")),
        ],
        widget=forms.RadioSelect,
    )
    accept_terms = forms.BooleanField(
        label=_("I have read the cancellation policy and accept it"), required=True
    )

    def __init__(self, *args, whole_due_now: bool = False, **kwargs):
        """`whole_due_now`: the payment plan has no room for a deposit (selectors.
        payment_plan_for), so the card takes the whole amount and says so."""
        super().__init__(*args, **kwargs)
        if whole_due_now:
            self.fields["payment_method"].choices = [
                (PaymentMethod.CARD, _("Card: pay the whole amount now")),
                (PaymentMethod.INVOICE, _("Invoice: we send an invoice for the whole amount")),
            ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Helps us improve the programmes."),
    )


class QuoteAcceptForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("How would you like to pay?"),
        choices=[
            (PaymentMethod.CARD, _("Card: pay the deposit now, the balance later")),
            (PaymentMethod.INVOICE, _("Invoice: we send an invoice for the whole amount")),
        ],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I accept this quote and the cancellation policy on behalf of my organisation"),
        required=True,
    )

    def __init__(self, *args, plan=None, **kwargs):
        """`plan`: what accepting asks for under the quote's own payment terms
        (quotes.quote_plan): each choice says its amounts and dates, in the page's
        language, rather than a fixed "deposit now, balance later" (issue 11)."""
        super().__init__(*args, **kwargs)
        if plan is None:
            return
        if plan.whole_due_now:
            card = _("Card: the whole amount, %(total)s, now") % {"total": format_money(plan.total)}
        else:
            card = _(
                "Card: a deposit of %(deposit)s now, the balance of %(balance)s by %(date)s"
            ) % {
                "deposit": format_money(plan.deposit),
                "balance": format_money(plan.balance),
                "date": date_format(plan.balance_due, "DATE_FORMAT"),
            }
        invoice = _("Invoice: the whole amount, %(total)s, due %(date)s") % {
            "total": format_money(plan.total),
            "date": date_format(plan.invoice_due, "DATE_FORMAT"),
        }
        self.fields["payment_method"].choices = [
            (PaymentMethod.CARD, card),
            (PaymentMethod.INVOICE, invoice),
        ]


# --------------------------------------------------------------------------- tailored


class TailoredRequestForm(OrganisationChoiceMixin, forms.Form):
    programme = IdChoiceField(
        label=_("Programme to start from"),
        queryset=None,
        required=False,
        empty_label=_("None: build it from our themes"),
    )
    preferred_start = forms.DateField(
        label=_("Preferred start"), widget=IsoDateInput(), validators=DATE_BOUNDS
    )
    preferred_end = forms.DateField(
        label=_("Preferred end"), widget=IsoDateInput(), validators=DATE_BOUNDS
    )
    group_size = forms.IntegerField(label=_("Group size"), min_value=1, max_value=200)
    themes = IdMultipleChoiceField(
        label=_("Themes of interest"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hosts = IdMultipleChoiceField(
        label=_("Host organisations of interest"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("What would you like to learn?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, organisations, locale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = (
            ProgrammePage.objects.live().public().filter(locale=locale).order_by("title")
        )
        self.fields["themes"].queryset = (
            ThemePage.objects.live().public().filter(locale=locale).order_by("title")
        )
        self.fields["hosts"].queryset = HostOrganisation.objects.filter(locale=locale).order_by(
            "name"
        )
        for name in ("preferred_start", "preferred_end"):
            self.fields[name].widget.attrs["min"] = timezone.localdate().isoformat()
        self._add_organisation_field(organisations)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("preferred_start"), cleaned.get("preferred_end")
        if start and start <= timezone.localdate():
            self.add_error("preferred_start", _("Choose a date in the future."))
        if start and end and end < start:
            self.add_error("preferred_end", _("The end cannot be before the start."))
        return cleaned
