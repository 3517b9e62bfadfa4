"""The public catalogue renders in English, Finnish and Swedish with its own templates.

The catalogue (three language trees) is built once for the module and rolled back at
the end; each test runs inside its own savepoint on top of it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from babel.numbers import format_currency
from django.core.cache import cache
from django.db import transaction
from django.template import Context, Template, loader
from django.utils import formats, timezone, translation

from programmes.models import HostOrganisation, ProgrammePage, StandardPage

from .factories import add_programme, build_catalogue, make_image

LANGUAGES = ("en", "fi", "sv")


# --------------------------------------------------------------------------- helpers


class Document(HTMLParser):
    """The few facts these tests read from a page: tags with attributes, and the title."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def find(self, tag: str, **attrs) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.tags
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def hrefs(self) -> set[str]:
        return {a["href"] for a in self.find("a") if a.get("href")}

    @property
    def lang(self) -> str | None:
        return self.find("html")[0].get("lang")


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response, Document(response.content.decode())


def prefixed(code: str, title: str) -> str:
    return title if code == "en" else f"[{code}] {title}"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_catalogue()
        yield built
        transaction.set_rollback(True)
    cache.clear()  # Wagtail caches site root paths of the rolled-back pages


# (page kind, path below /<code>/, template, expected title in English)
PAGES = [
    ("home", "", "programmes/home_page.html", "Päämaja"),
    ("programme index", "programmes/", "programmes/programme_index_page.html", "Programmes"),
    (
        "programme",
        "programmes/comprehensive-security/",
        "programmes/programme_page.html",
        "Comprehensive security in everyday life",
    ),
    ("theme index", "themes/", "programmes/theme_index_page.html", "Themes"),
    ("theme", "themes/rescue/", "programmes/theme_page.html", "Rescue services and preparedness"),
    ("host index", "hosts/", "programmes/host_index_page.html", "Hosts"),
    ("standard", "about/", "programmes/standard_page.html", "About"),
    ("enquiry form", "enquiry/", "programmes/enquiry_form_page.html", "Tailored programme"),
]


# --------------------------------------------------------------------------- every page


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize(("kind", "path", "template", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_in_its_language(client, catalogue, code, kind, path, template, title):
    response, doc = get(client, f"/{code}/{path}")
    assert template in [t.name for t in response.templates]
    assert doc.lang == code
    assert doc.title.strip() == f"{prefixed(code, title)} | Päämaja"
    assert len(doc.find("main", id="main")) == 1
    assert doc.find("a", class_="skip-link", href="#main")
    assert doc.find("header") and doc.find("footer")
    if kind != "home":
        assert f"<h1>{prefixed(code, title)}</h1>" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_host_page_renders_in_its_language(client, catalogue, code):
    response, doc = get(client, f"/{code}/hosts/college/")
    assert "programmes/host_page.html" in [t.name for t in response.templates]
    name = "Emergency Services College" + ("" if code == "en" else f" ({code})")
    assert doc.lang == code
    assert doc.title.strip() == f"{name} | Päämaja"
    assert f"<h1>{name}</h1>" in response.content.decode()
    # The host page lists the programmes that visit the host, in its language.
    programme = ProgrammePage.objects.get(slug="comprehensive-security", locale__language_code=code)
    assert programme.url in doc.hrefs()


@pytest.mark.django_db
def test_host_index_links_every_host_of_its_language(client, catalogue):
    for code in LANGUAGES:
        _, doc = get(client, f"/{code}/hosts/")
        for host in HostOrganisation.objects.filter(locale__language_code=code):
            assert f"/{code}/hosts/{host.slug}/" in doc.hrefs()


@pytest.mark.django_db
def test_pages_have_no_inline_script(client, catalogue):
    for _, path, _, _ in PAGES:
        _, doc = get(client, f"/fi/{path}")
        assert all(a.get("src") for a in doc.find("script")), path


# --------------------------------------------------------------------------- languages


@pytest.mark.django_db
def test_language_switcher_and_hreflang_point_at_the_translations(client, catalogue):
    path = "programmes/comprehensive-security/"
    _, doc = get(client, f"/fi/{path}")

    switcher = {a["hreflang"]: a for a in doc.find("a") if a.get("hreflang")}
    assert set(switcher) == set(LANGUAGES)
    for code in LANGUAGES:
        assert switcher[code]["href"] == f"/{code}/{path}"
        assert switcher[code]["lang"] == code
    assert switcher["fi"].get("aria-current") == "true"
    assert "aria-current" not in switcher["en"] and "aria-current" not in switcher["sv"]

    alternates = {a["hreflang"]: a["href"] for a in doc.find("link", rel="alternate")}
    assert alternates == {
        "en": f"http://testserver/en/{path}",
        "fi": f"http://testserver/fi/{path}",
        "sv": f"http://testserver/sv/{path}",
        "x-default": f"http://testserver/en/{path}",
    }
    assert doc.find("link", rel="canonical")[0]["href"] == f"http://testserver/fi/{path}"
    assert doc.find("meta", property="og:locale")[0]["content"] == "fi_FI"
    assert doc.find("meta", property="og:url")[0]["content"] == f"http://testserver/fi/{path}"


@pytest.mark.django_db
def test_language_switcher_on_a_host_page_keeps_the_host(client, catalogue):
    _, doc = get(client, "/sv/hosts/cyber-lab/")
    switcher = {a["hreflang"]: a["href"] for a in doc.find("a") if a.get("hreflang")}
    assert switcher == {code: f"/{code}/hosts/cyber-lab/" for code in LANGUAGES}


@pytest.mark.django_db
def test_language_switcher_falls_back_to_the_language_home(client, catalogue):
    only_english = StandardPage(
        title="English only", slug="english-only", body=[{"type": "paragraph", "value": "<p>x</p>"}]
    )
    catalogue.home.add_child(instance=only_english)
    only_english.save_revision().publish()

    _, doc = get(client, "/en/english-only/")
    switcher = {a["hreflang"]: a["href"] for a in doc.find("a") if a.get("hreflang")}
    assert switcher == {"en": "/en/english-only/", "fi": "/fi/", "sv": "/sv/"}


# --------------------------------------------------------------------------- home page


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_home_page_links_to_every_live_programme(client, catalogue, code):
    draft = ProgrammePage.objects.get(slug="hybrid-cyber", locale__language_code=code)
    draft.unpublish()

    _, doc = get(client, f"/{code}/")
    live = ProgrammePage.objects.live().filter(locale__language_code=code)
    assert live.count() == 1
    for programme in live:
        assert programme.url in doc.hrefs()
    assert f"/{code}/programmes/hybrid-cyber/" not in doc.hrefs()


@pytest.mark.django_db
def test_home_page_links_to_both_programmes_when_both_are_live(client, catalogue):
    _, doc = get(client, "/sv/")
    assert {"/sv/programmes/comprehensive-security/", "/sv/programmes/hybrid-cyber/"} <= doc.hrefs()


# --------------------------------------------------------------------------- money, dates


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "€1,234.50"), ("fi", "1\xa0234,50\xa0€"), ("sv", "1\xa0234,50\xa0€")],
)
def test_money_filter_formats_euros_for_the_language(code, expected):
    template = Template("{% load paamaja_tags %}{{ amount|money }}")
    with translation.override(code):
        assert template.render(Context({"amount": Decimal("1234.50")})) == expected


def test_money_filter_leaves_nothing_for_no_amount():
    template = Template("{% load paamaja_tags %}[{{ amount|money }}]")
    assert template.render(Context({"amount": None})) == "[]"


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "locale"), [("en", "en_IE"), ("fi", "fi_FI"), ("sv", "sv_FI")])
def test_programme_page_shows_prices_and_dates_in_its_language(client, catalogue, code, locale):
    response, _ = get(client, f"/{code}/programmes/comprehensive-security/")
    html = response.content.decode()
    for amount in ("2800.00", "2300.00"):
        assert format_currency(Decimal(amount), "EUR", locale=locale) in html
    if code == "fi":
        assert "2\xa0300,00\xa0€" in html

    departure = response.context["departures"][0]
    with translation.override(code):
        shown = formats.date_format(departure.start_date, "DATE_FORMAT")
    assert f'<time datetime="{departure.start_date:%Y-%m-%d}">{shown}</time>' in html


@pytest.mark.django_db
def test_programme_cards_show_the_price_per_language(client, catalogue):
    response, _ = get(client, "/fi/programmes/")
    assert "1\xa0200,00\xa0€" in response.content.decode()
    response, _ = get(client, "/en/programmes/")
    assert "€1,200.00" in response.content.decode()


# --------------------------------------------------------------------------- programme index


@pytest.mark.django_db
def test_programme_index_has_one_labelled_get_form(client, catalogue):
    response, doc = get(client, "/en/programmes/")
    forms = doc.find("form", method="get")
    assert len(forms) == 1 and forms[0]["action"] == "/en/programmes/"
    labels = {a["for"] for a in doc.find("label")}
    for name in ("q", "theme", "duration", "language", "group_size", "price_band"):
        assert f"id_{name}" in labels
    assert "id_departure_within" in labels
    html = response.content.decode()
    assert ">Show programmes</button>" in html
    assert ">Clear filters</a>" in html
    status = doc.find("p", class_="results__count", role="status")
    assert status
    assert "2 programmes" in html


@pytest.mark.django_db
def test_programme_index_filters_by_theme(client, catalogue):
    response, doc = get(client, "/fi/programmes/?theme=cyber")
    assert [card.page.slug for card in response.context["programmes"]] == ["hybrid-cyber"]
    assert "/fi/programmes/hybrid-cyber/" in doc.hrefs()
    assert "/fi/programmes/comprehensive-security/" not in doc.hrefs()
    # The chosen theme stays selected after the search.
    assert "selected" in doc.find("option", value="cyber")[0]


# --------------------------------------------------------------------------- enquiry form


@pytest.mark.django_db
def test_enquiry_form_lists_errors_at_the_top(client, catalogue):
    response = client.post("/en/enquiry/", {"organisation": "", "email": "not an address"})
    assert response.status_code == 200
    doc = Document(response.content.decode())
    summary = doc.find("div", class_="error-summary")
    assert summary and summary[0]["role"] == "alert"
    assert {"#id_organisation", "#id_email"} <= doc.hrefs()
    assert doc.title.startswith("Error:")


@pytest.mark.django_db
def test_enquiry_form_thanks_the_sender(client, catalogue):
    response = client.post("/fi/enquiry/", {"organisation": "City of Tartu", "email": "a@tartu.ee"})
    assert response.status_code == 200
    assert "programmes/enquiry_form_page_landing.html" in [t.name for t in response.templates]
    assert Document(response.content.decode()).lang == "fi"


# --------------------------------------------------------------------------- errors


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_unknown_url_gets_our_404_page(client, catalogue, code):
    response, doc = get(client, f"/{code}/no-such-page/", status=404)
    assert "404.html" in [t.name for t in response.templates]
    assert doc.lang == code
    assert doc.find("main", id="main")


def test_500_page_renders_without_a_request_or_database():
    html = loader.get_template("500.html").render()
    assert "Päämaja" in html
    assert 'href="#main"' in html


@pytest.mark.django_db
def test_account_pages_use_the_site_layout(client, catalogue):
    response, doc = get(client, "/accounts/login/")
    assert "allauth/layouts/base.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]
    assert doc.find("main", id="main")
    assert doc.find("form", method="post")


# --------------------------------------------------------------------------- images


@pytest.mark.django_db
def test_images_have_alt_text(client, catalogue):
    programme = add_programme(
        catalogue.programme_index,
        title="Photographed programme",
        slug="photographed",
        themes=[catalogue.themes[0]],
        hosts=catalogue.hosts[:1],
        gallery=2,
        hero=True,
        departures=[(timezone.localdate() + datetime.timedelta(days=10), 5)],
    )
    about = catalogue.standard
    about.body = [
        {"type": "image", "value": {"image": make_image("Exercise").pk, "alt_text": "A drill"}},
        {"type": "image", "value": {"image": make_image("Rule").pk, "decorative": True}},
    ]
    about.save_revision().publish()

    _, doc = get(client, programme.url)
    images = doc.find("img")
    assert len(images) == 3  # hero and two gallery thumbnails
    assert all(img.get("alt") for img in images)
    assert {"Photo 0 of Photographed programme", "Photo 1 of Photographed programme"} <= {
        img["alt"] for img in images
    }

    _, doc = get(client, "/en/about/")
    alts = [img.get("alt") for img in doc.find("img")]
    assert alts == ["A drill", ""]  # contextual alt text; the decorative image is silent

    _, doc = get(client, "/en/")
    for img in doc.find("img"):
        assert "alt" in img  # card photos are decorative (alt=""), next to their title
