"""A Wagtail admin panel that edits the children of a plain foreign key (not a
ParentalKey) as rows of a table, with the model form that carries their formset.

    HotelForm = inline_formset_form(parent=Hotel, child=RoomType, fields=[...], prefix="rooms")
    panels = [FieldPanel("name"), InlineFormsetPanel("inline")]
"""

from __future__ import annotations

from django.forms.models import inlineformset_factory
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from .forms import GuardedInlineFormSet


class InlineFormsetPanel(Panel):
    """Edits the children of a plain foreign key (not a ParentalKey) as rows of a table."""

    def __init__(self, formset_name: str = "inline", **kwargs):
        super().__init__(**kwargs)
        self.formset_name = formset_name

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "formset_name": self.formset_name}

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/panels/inline_formset.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["formset"] = getattr(self.form, self.panel.formset_name)
            return context


class InlineFormsetForm(WagtailAdminModelForm):
    """A model form that also edits a formset of children (see inline_formset_form)."""

    inline_formset_class = None
    inline_prefix = "inline"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.inline = self.inline_formset_class(
            data=self.data if self.is_bound else None,
            files=self.files if self.is_bound else None,
            instance=self.instance,
            prefix=self.inline_prefix,
        )

    def is_valid(self):
        form_valid = super().is_valid()
        inline_valid = self.inline.is_valid()
        return form_valid and inline_valid

    def has_changed(self):
        return super().has_changed() or self.inline.has_changed()

    @property
    def media(self):
        return super().media + self.inline.media

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            self.inline.instance = instance
            self.inline.save()
        return instance


def inline_formset_form(
    *, parent, child, fields, prefix, formset=GuardedInlineFormSet, extra=2, min_num=0, labels=None
) -> type[InlineFormsetForm]:
    formset_class = inlineformset_factory(
        parent,
        child,
        fields=fields,
        labels=labels,
        formset=formset,
        extra=extra,
        min_num=min_num,
        validate_min=bool(min_num),
        can_delete=True,
    )
    return type(
        f"{parent.__name__}Form",
        (InlineFormsetForm,),
        {"inline_formset_class": formset_class, "inline_prefix": prefix},
    )
