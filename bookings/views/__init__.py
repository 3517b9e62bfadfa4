"""The delegation's side of bookings in the browser.

checkout      booking a scheduled departure, a step per page, and the waiting list
participants  the contact's participant list and the participant's private form
account       My bookings, a booking, cancellation, quotes, tailored requests
organisation  creating or joining the delegation's organisation
"""
