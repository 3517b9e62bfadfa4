"""allauth in the user's language: sign-up remembers it, every e-mail is written in it."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from .work import landing_url


def _site_language(code: str | None) -> str | None:
    code = (code or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else None


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """A new account starts in the language the person signed up in."""
        language = _site_language(getattr(request, "LANGUAGE_CODE", None))
        if language:
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """Each role lands on its own work (accounts.work); allauth has already taken a
        safe `next` when there was one."""

        return landing_url(request.user) or super().get_login_redirect_url(request)

    def send_mail(self, template_prefix, email, context):
        """Confirmation, password reset and security notices go out in the recipient's
        preferred language, whatever language the page that triggered them was in."""
        user = context.get("user")
        if user is None or not getattr(user, "pk", None):
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = _site_language(getattr(user, "preferred_language", None))
        if language is None:
            return super().send_mail(template_prefix, email, context)
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)
