from django import template

from ..ical import HOST, item_summary

register = template.Library()


@register.simple_tag
def host_summary(item) -> str:
    """What a host may see of an item: only "Delegation visit" for confidential visits."""
    return item_summary(item, viewer=HOST)
