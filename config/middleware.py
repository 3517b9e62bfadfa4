from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SiteContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with the admin's own (wider) policy under /admin/."""

    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIXES) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return super().process_response(request, response)
