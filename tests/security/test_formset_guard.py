"""Every formset we build refuses tampered management counters (issue 13).

A negative, huge or inconsistent INITIAL_FORMS/TOTAL_FORMS is a form error, never a 500
(IntegrityError, KeyError): core.forms.Guarded*FormSet. One test checks every
formset_factory call in our code names a guarded base; the others post tampered
counters to each formset class.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.forms import modelformset_factory

from bookings.backoffice.catalogue import CancellationPolicyForm, HotelForm
from bookings.forms import ParticipantRowFormSet
from bookings.models import CancellationPolicy, Hotel, Participant
from core.forms import GuardedFormSetMixin, GuardedModelFormSet
from visits.models import Risk

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "bookings", "core", "learning_reports", "programmes", "visits"]
TAMPERED = [("-1", "2"), ("2", "-1"), ("3", "2"), ("99999999", "99999999"), ("0", "9999")]


def test_every_formset_factory_call_names_a_guarded_base():
    unguarded = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not (
                    isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
                ):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if not name.endswith("formset_factory"):
                    continue
                base = next((k.value for k in node.keywords if k.arg == "formset"), None)
                source = ast.unparse(base) if base is not None else ""
                if (
                    "Guarded" not in source
                    and "ParticipantRowFormSet" not in source
                    and source != "formset"
                ):
                    unguarded.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert unguarded == []


def test_participant_rows_refuse_tampered_counters():
    people = [Participant(pk=1), Participant(pk=2)]
    assert issubclass(ParticipantRowFormSet, GuardedFormSetMixin)
    for initial, total in TAMPERED:
        data = {"p-TOTAL_FORMS": total, "p-INITIAL_FORMS": initial, "p-0-first_name": "A"}
        formset = ParticipantRowFormSet(data, participants=people, prefix="p")
        assert not formset.is_valid()


@pytest.mark.django_db
def test_risk_formset_refuses_tampered_counters():
    formset_class = modelformset_factory(
        Risk, fields=["likelihood", "impact"], extra=0, formset=GuardedModelFormSet
    )
    for initial, total in TAMPERED:
        formset = formset_class(
            {"risks-TOTAL_FORMS": total, "risks-INITIAL_FORMS": initial},
            queryset=Risk.objects.none(),
            prefix="risks",
        )
        assert not formset.is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_class,model", [(CancellationPolicyForm, CancellationPolicy), (HotelForm, Hotel)]
)
def test_admin_inline_formsets_are_guarded(form_class, model):
    formset_class = form_class.inline_formset_class
    assert issubclass(formset_class, GuardedFormSetMixin)
    prefix = form_class.inline_prefix
    for initial, total in TAMPERED:
        formset = formset_class(
            {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial},
            instance=model(),
            prefix=prefix,
        )
        assert not formset.is_valid()
