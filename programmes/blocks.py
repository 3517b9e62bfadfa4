"""StreamField blocks shared by the catalogue's pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .enums import ItineraryItemKind


class ItineraryItemBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=ItineraryItemKind.choices, label=_("Kind"))
    start_time = blocks.TimeBlock(label=_("Start time"))
    duration_minutes = blocks.IntegerBlock(
        min_value=5, max_value=24 * 60, label=_("Duration (minutes)")
    )
    title = blocks.CharBlock(max_length=200, label=_("Title"))
    place = blocks.CharBlock(max_length=200, required=False, label=_("Place"))
    host = SnippetChooserBlock(
        "programmes.HostOrganisation",
        required=False,
        label=_("Host organisation"),
        help_text=_("Required for site visits."),
    )
    description = blocks.TextBlock(required=False, label=_("Description"))

    class Meta:
        icon = "time"
        label = _("Item")

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned["kind"] == ItineraryItemKind.SITE_VISIT and not cleaned.get("host"):
            raise StructBlockValidationError(
                block_errors={"host": ValidationError(_("A site visit needs a host organisation."))}
            )
        return cleaned


class ItineraryDayBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Title of the day"))
    items = blocks.ListBlock(ItineraryItemBlock(), label=_("Items"))

    class Meta:
        icon = "date"
        label = _("Day")


class FAQBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300, label=_("Question"))
    answer = blocks.RichTextBlock(features=["bold", "italic", "link", "ul"], label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Title"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "info-circle"
        label = _("Call-out")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=["h3", "bold", "italic", "link", "ol", "ul"], label=_("Paragraph")
    )
    image = ImageBlock(label=_("Image"))
    callout = CalloutBlock()
    faq = FAQBlock()
