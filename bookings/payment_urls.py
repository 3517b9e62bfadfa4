"""Card payment pages, included at /<lang>/bookings/pay/ in the "bookings" namespace."""

from django.urls import path

from . import payment_views

urlpatterns = [
    path("<str:reference>/", payment_views.pay, name="pay"),
    path("<str:reference>/card/", payment_views.pay_card, name="pay_card"),
    path("<str:reference>/return/", payment_views.pay_return, name="pay_return"),
    path("<str:reference>/status/", payment_views.pay_status, name="pay_status"),
]
