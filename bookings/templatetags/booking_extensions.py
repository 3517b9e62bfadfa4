from django import template

from bookings.extensions import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def booking_extension_panels(context, booking):
    request = context.get("request")
    if request is None or booking is None:
        return []
    return panels_for(booking=booking, user=request.user)
