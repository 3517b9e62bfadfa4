"""Card payment pages, included at /<lang>/bookings/pay/ in the "bookings" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:reference>/", views.pay, name="pay"),
    path("<str:reference>/card/", views.pay_card, name="pay_card"),
    path("<str:reference>/return/", views.pay_return, name="pay_return"),
    path("<str:reference>/status/", views.pay_status, name="pay_status"),
]
