import logging

from celery import shared_task
from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_enquiry_email(*, subject: str, body: str, from_address: str, to: list[str]) -> int:
    """Send a tailored-programme enquiry to the programme managers."""
    if not to:
        logger.warning("Enquiry received but the form page has no recipient address.")
        return 0
    return EmailMessage(subject=subject, body=body, from_email=from_address, to=to).send()
