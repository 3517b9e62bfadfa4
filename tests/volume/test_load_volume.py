"""`manage.py load_volume` builds the benchmark's data set, the same every time."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from bookings.models import Booking, Participant
from programmes.models import HostOrganisation, ProgrammePage

pytestmark = pytest.mark.django_db


def _fingerprint() -> list[tuple]:
    return list(
        Booking.objects.filter(reference__startswith="V")
        .order_by("reference")
        .values_list("reference", "departure__start_date", "participants_count", "status")
    )


def test_small_data_set_has_the_promised_shape_and_is_reproducible(capsys):
    call_command("load_volume", size="small")
    first = _fingerprint()

    volume_pages = ProgrammePage.objects.filter(slug__startswith="volume-")
    assert volume_pages.count() == 6 * 3
    assert set(volume_pages.values_list("locale__language_code", flat=True)) == {"en", "fi", "sv"}
    assert HostOrganisation.objects.filter(slug__startswith="volume-").count() == 10 * 3
    assert len(first) == 50
    assert Participant.objects.filter(booking__reference__startswith="V").count() == 400
    assert "feedback_answers=1000" in capsys.readouterr().out

    # A second load into the same database is refused rather than doubling the data.
    with pytest.raises(CommandError):
        call_command("load_volume", size="small")

    # The same seed gives the same data.
    Participant.objects.filter(booking__reference__startswith="V").delete()
    from learning_reports.models import FeedbackInvitation
    from visits.models import Visit

    FeedbackInvitation.objects.all().delete()
    Visit.objects.filter(booking__reference__startswith="V").delete()
    Booking.objects.filter(reference__startswith="V").delete()
    ProgrammePage.objects.filter(slug__startswith="volume-").delete()
    HostOrganisation.objects.filter(slug__startswith="volume-").delete()
    from django.contrib.auth import get_user_model

    from bookings.models import Organisation

    Organisation.objects.filter(join_code__startswith="VOL").delete()
    get_user_model().objects.filter(email__endswith="@volume.example").delete()
    call_command("load_volume", size="small")
    assert [row[0::2] for row in _fingerprint()] == [row[0::2] for row in first]
