"""Formsets whose management counters cannot be tampered with (issue 13).

A formset's TOTAL_FORMS and INITIAL_FORMS come from the browser. A negative, huge or
inconsistent INITIAL_FORMS makes Django treat existing rows as new ones (an INSERT
without its parent: IntegrityError) or skip the fields a view then reads (KeyError).
Every formset we build uses one of these bases: a counter that disagrees with what the
server rendered is a form error ("reload the page"), never a 500.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.translation import gettext_lazy as _

from .params import BIGINT_MAX, DATE_MAX, DATE_MIN, BadParameter, parse_int

# What a DateField of ours accepts (core.params.DATE_MIN..DATE_MAX): datetime and the
# database hold it, and arithmetic a year either side of it does not overflow.
DATE_BOUNDS = [MinValueValidator(DATE_MIN), MaxValueValidator(DATE_MAX)]

# No formset of ours shows more rows than this: Django's default absolute_max is 2000.
FORMSET_ABSOLUTE_MAX = 500

TAMPERED_MESSAGE = _("The form was changed since the page was loaded. Please reload the page.")


class GuardedFormSetMixin:
    absolute_max = FORMSET_ABSOLUTE_MAX

    def _expected_initial_count(self) -> int:
        if hasattr(self, "get_queryset"):
            return len(self.get_queryset())
        return len(self.initial or [])

    def _posted_counters(self) -> tuple[int, int] | None:
        form = self.management_form
        if not form.is_valid():
            return None
        return form.cleaned_data[TOTAL_FORM_COUNT], form.cleaned_data[INITIAL_FORM_COUNT]

    def counters_tampered(self) -> bool:
        if not self.is_bound:
            return False
        counters = self._posted_counters()
        if counters is None:
            return False  # Django reports a missing management form itself.
        total, initial = counters
        return (
            initial != self._expected_initial_count()
            or total < 0
            or total < initial
            or total > self.absolute_max
        )

    def initial_form_count(self) -> int:
        if self.is_bound and self.counters_tampered():
            return self._expected_initial_count()
        return super().initial_form_count()

    def total_form_count(self) -> int:
        if self.is_bound and self.counters_tampered():
            return self._expected_initial_count()
        return super().total_form_count()

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.counters_tampered():
            self._non_form_errors.append(
                forms.ValidationError(TAMPERED_MESSAGE, code="tampered_counters")
            )


class GuardedFormSet(GuardedFormSetMixin, forms.BaseFormSet):
    pass


class GuardedModelFormSet(GuardedFormSetMixin, BaseModelFormSet):
    pass


class GuardedInlineFormSet(GuardedFormSetMixin, BaseInlineFormSet):
    pass


def _pk_or_none(value) -> int | None:
    try:
        return parse_int(str(value), "id", max_value=BIGINT_MAX)
    except BadParameter:
        return None


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose posted pk is parsed first: "²" or a number beyond the
    database's integer is "not one of the choices" (SQLite raised OverflowError)."""

    def to_python(self, value):
        if value not in self.empty_values and _pk_or_none(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if _pk_or_none(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
