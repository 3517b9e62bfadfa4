"""Uploaded images and documents: type and size are checked on upload, and nothing
uploaded is ever served so that a browser would render it as a page."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from tests.bookings.test_admin import manager

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)


def _png(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def editor(client):
    client.force_login(manager())
    return client


def _root_collection() -> Collection:
    return Collection.get_first_root_node()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("page.html", HTML, "text/html"),
        ("drawing.svg", SVG, "image/svg+xml"),
        ("page.htm", HTML, "text/html"),
        ("script.js", b"alert(1)", "application/javascript"),
    ],
)
def test_documents_of_a_dangerous_type_are_refused(editor, name, content, content_type):
    Document = get_document_model()
    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Attack",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": _root_collection().pk,
        },
    )
    assert response.status_code == 200
    assert "Not a supported document format" in response.content.decode() or (
        response.context["form"].errors.get("file")
    )
    assert not Document.objects.filter(title="Attack").exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("page.png", HTML, "image/png"),  # HTML dressed as a PNG
        ("page.html", HTML, "text/html"),
    ],
)
def test_images_that_are_not_images_are_refused(editor, name, content, content_type):
    Image = get_image_model()
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Attack",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": _root_collection().pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("file")
    assert not Image.objects.filter(title="Attack").exists()


def test_oversized_uploads_are_refused(editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    big_png = _png((600, 600))
    assert len(big_png) > 1024
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Big",
            "file": SimpleUploadedFile("big.png", big_png, content_type="image/png"),
            "collection": _root_collection().pk,
        },
    )
    assert response.context["form"].errors.get("file")
    response = editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Big",
            "file": SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 4096),
            "collection": _root_collection().pk,
        },
    )
    assert response.context["form"].errors.get("file")
    assert not get_image_model().objects.filter(title="Big").exists()
    assert not get_document_model().objects.filter(title="Big").exists()


def test_a_good_image_and_document_are_accepted(editor):
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": "Harbour",
            "file": SimpleUploadedFile("harbour.png", _png(), content_type="image/png"),
            "collection": _root_collection().pk,
        },
    )
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Harbour").exists()


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "notes.txt", "brochure.pdf"])
def test_documents_are_served_as_attachments_never_as_pages(client, name):
    """Even a file that slipped past the upload check (an older upload, a change of
    settings) is downloaded, never rendered by the browser on our origin."""
    Document = get_document_model()
    document = Document.objects.create(
        title=name, file=ContentFile(HTML if name.endswith(("html", "svg")) else b"x", name=name)
    )
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    if name.endswith(("html", "svg")):
        assert disposition.startswith("attachment"), disposition
    assert "text/html" not in response["Content-Type"] or disposition.startswith("attachment")
    # Should a browser render it anyway: no script, no styles, nothing loads.
    assert "default-src 'none'" in response["Content-Security-Policy"]
