"""A programme manager edits and publishes a programme through the Wagtail admin.

The edit form is read from the editor's own HTML (querydict_from_html), so the test
posts what a browser would, except for the StreamFields: Wagtail draws those with
JavaScript, so their form data is built here with the form_data helpers.
"""

import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from accounts.roles import DELEGATION_CONTACTS, HOSTS, PROGRAMME_MANAGERS
from programmes.models import HostOrganisation, ProgrammePage
from tests.accounts.factories import make_user

from .factories import build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_catalogue(django_db_setup, django_db_blocker):
    """The catalogue, built once for this module inside a transaction that is rolled
    back after the module; every test runs in a savepoint within it (`db`)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_catalogue(translate=False)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def catalogue(shared_catalogue, db):
    return shared_catalogue


@pytest.fixture
def programme(catalogue) -> ProgrammePage:
    return ProgrammePage.objects.get(pk=catalogue.programmes[0].pk)


@pytest.fixture
def manager_client(client):
    manager = make_user("manager@paamaja.example", role=PROGRAMME_MANAGERS, totp=True)
    client.force_login(manager)
    return client


def list_block(items: list[dict]) -> dict:
    """Form data of a ListBlock, as Wagtail's JavaScript would post it."""
    data = {
        str(i): {"value": item, "deleted": "", "order": str(i), "id": ""}
        for i, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def itinerary_form_data(page: ProgrammePage) -> dict:
    days = []
    for day in page.itinerary.raw_data:
        items = [
            {
                "kind": item["kind"],
                "start_time": item["start_time"][:5],
                "duration_minutes": str(item["duration_minutes"]),
                "title": item["title"],
                "place": item["place"] or "",
                "host": str(item["host"] or ""),
                "description": item["description"] or "",
            }
            for item in day["value"]["items"]
        ]
        days.append(("day", {"title": day["value"]["title"], "items": list_block(items)}))
    return streamfield(days)


def edit_form_data(client, page: ProgrammePage, **changes):
    """What the editor posts: the form as the admin drew it, plus the StreamFields."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    streams = nested_form_data(
        {
            "itinerary": itinerary_form_data(page),
            "faqs": streamfield(
                [("faq", {"question": "Is lunch included?", "answer": rich_text("<p>Yes.</p>")})]
            ),
        }
    )
    for key, value in {**streams, **changes}.items():
        data[key] = value
    return data


def test_a_programme_manager_opens_the_programme_editor(manager_client, programme):
    response = manager_client.get(reverse("wagtailadmin_pages:edit", args=[programme.pk]))
    assert response.status_code == 200
    assert programme.title.encode() in response.content


def test_a_programme_manager_publishes_a_change_through_the_admin(manager_client, programme):
    data = edit_form_data(manager_client, programme, title="Comprehensive security, renewed")
    data["action-publish"] = "action-publish"
    response = manager_client.post(reverse("wagtailadmin_pages:edit", args=[programme.pk]), data)
    assert response.status_code == 302, _form_errors(response)

    page = ProgrammePage.objects.get(pk=programme.pk)
    assert page.live
    assert page.title == "Comprehensive security, renewed"
    assert not page.has_unpublished_changes
    # What the editor did not touch is kept: prices, languages, itinerary and hosts.
    assert page.price_from == programme.price_from
    assert sorted(page.languages.values_list("language", flat=True)) == ["en", "fi"]
    assert [item["host"] for day in page.itinerary for item in day.value["items"]] == [
        item["host"] for day in programme.itinerary for item in day.value["items"]
    ]
    assert [faq.value["question"] for faq in page.faqs] == ["Is lunch included?"]

    public = manager_client.get(page.url)
    assert public.status_code == 200
    assert b"Comprehensive security, renewed" in public.content


def test_a_saved_draft_does_not_change_the_live_page(manager_client, programme):
    data = edit_form_data(manager_client, programme, title="A draft title")
    response = manager_client.post(reverse("wagtailadmin_pages:edit", args=[programme.pk]), data)
    assert response.status_code == 302, _form_errors(response)
    page = ProgrammePage.objects.get(pk=programme.pk)
    assert page.title == programme.title
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "A draft title"


def test_the_editor_refuses_a_group_minimum_above_the_maximum(manager_client, programme):
    data = edit_form_data(manager_client, programme, group_size_min="30", group_size_max="10")
    data["action-publish"] = "action-publish"
    response = manager_client.post(reverse("wagtailadmin_pages:edit", args=[programme.pk]), data)
    assert response.status_code == 200
    assert "group_size_max" in response.context["form"].errors
    assert ProgrammePage.objects.get(pk=programme.pk).group_size_min == 6


def test_the_editor_refuses_a_site_visit_without_a_host(manager_client, programme):
    data = edit_form_data(manager_client, programme)
    data["itinerary-0-value-items-0-value-host"] = ""
    data["action-publish"] = "action-publish"
    response = manager_client.post(reverse("wagtailadmin_pages:edit", args=[programme.pk]), data)
    assert response.status_code == 200
    assert "itinerary" in response.context["form"].errors


def test_the_host_snippet_list_is_open_to_programme_managers(manager_client, catalogue):
    response = manager_client.get(reverse("wagtailsnippets_programmes_hostorganisation:list"))
    assert response.status_code == 200
    assert b"Emergency Services College" in response.content


def test_a_programme_manager_edits_a_host_organisation(manager_client, catalogue):
    host = catalogue.hosts[1]
    url = reverse("wagtailsnippets_programmes_hostorganisation:edit", args=[host.pk])
    response = manager_client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data["max_group_size"] = "14"
    response = manager_client.post(url, data)
    assert response.status_code == 302, _form_errors(response)
    assert HostOrganisation.objects.get(pk=host.pk).max_group_size == 14


@pytest.mark.parametrize("role", [HOSTS, DELEGATION_CONTACTS])
def test_other_roles_cannot_open_the_editor(client, programme, role):
    user = make_user("someone@example.com", role=role, totp=True)
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[programme.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _form_errors(response) -> str:
    context = getattr(response, "context", None)
    if not context or "form" not in context:
        return f"status {response.status_code}"
    form = context["form"]
    errors = {**form.errors}
    for name, formset in getattr(form, "formsets", {}).items():
        if formset.errors or formset.non_form_errors():
            errors[name] = (formset.errors, formset.non_form_errors())
    return repr(errors)
