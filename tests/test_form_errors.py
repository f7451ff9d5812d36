"""Form errors are announced: every form with errors starts with a summary a screen reader reads
out (role="alert", focused on load) whose items link to their fields, and every invalid field
says so (aria-invalid) and points at its own message (aria-describedby)."""

from html.parser import HTMLParser

import pytest
from django import forms

from grievances.services import file_grievance
from tests.factories import ListingFactory
from tests.orders.factories import AddressFactory, place


class Elements(HTMLParser):
    """Each start tag's attributes, and the text inside the element with each id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.html = html
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if tag not in {"input", "br", "img", "meta", "link", "hr"}:
            self._open.append((tag, values.get("id")))
            if values.get("id"):
                self.text[values["id"]] = ""

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        for _tag, element_id in self._open:
            if element_id:
                self.text[element_id] += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            values
            for name, values in self.tags
            if name == tag and all(values.get(k) == v for k, v in attrs.items())
        ]

    def summary_links(self) -> list[str]:
        summary = self.html_between('class="error-summary"', "</div>")
        return [part.split('"', 1)[0] for part in summary.split('href="')[1:]]

    def html_between(self, start: str, end: str) -> str:
        begin = self.html.index(start)
        return self.html[begin : self.html.index(end, begin)]


class SampleForm(forms.Form):
    name = forms.CharField(label="Your name")
    colour = forms.ChoiceField(
        label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )

    def clean(self):  # type: ignore[no-untyped-def]
        raise forms.ValidationError("Something about the whole form.")


def test_every_rendered_form_leads_with_an_announced_summary_linked_to_its_fields():
    form = SampleForm(data={"name": ""})

    page = Elements(form.as_div())

    summary = page.find("div", **{"class": "error-summary"})
    assert summary == [
        {"class": "error-summary", "role": "alert", "tabindex": "-1", "autofocus": ""}
    ]
    assert page.summary_links() == ["#id_name", "#id_colour_0"]
    assert "Something about the whole form." in page.html_between("error-summary", "</div>")
    assert page.find("input", id="id_name")[0]["aria-invalid"] == "true"
    assert page.find("input", id="id_name")[0]["aria-describedby"] == "id_name_error"
    assert page.text["id_name_error"].strip() == "This field is required."
    assert page.find("fieldset")[0]["aria-describedby"] == "id_colour_error"
    assert [r["aria-invalid"] for r in page.find("input", type="radio")] == ["true", "true"]
    assert page.text["id_colour_error"].strip() == "This field is required."


def test_a_valid_form_has_no_summary_and_nothing_marked_invalid():
    form = SampleForm(data={"name": "Bina", "colour": "red"})
    form.clean = lambda: form.cleaned_data  # type: ignore[method-assign]

    html = form.as_div() + form.as_p()

    assert "error-summary" not in html
    assert "aria-invalid" not in html


@pytest.mark.django_db
def test_signup_errors_are_announced_and_linked(client):
    response = client.post("/accounts/signup/", {"email": "not an e-mail", "full_name": ""})

    page = Elements(response.content.decode())
    assert response.status_code == 200
    assert page.find("div", role="alert", **{"class": "error-summary"}) != []
    assert page.summary_links() == [
        "#id_email",
        "#id_full_name",
        "#id_preferred_language",
        "#id_password1",
        "#id_password2",
    ]
    email = page.find("input", id="id_email")[0]
    assert (email["aria-invalid"], email["aria-describedby"]) == ("true", "id_email_error")
    assert page.text["id_email_error"].strip() == "Enter a valid email address."


@pytest.mark.django_db
def test_checkout_without_an_address_chosen_is_announced(client, buyer):
    AddressFactory(user=buyer)
    client.force_login(buyer)
    client.post("/cart/add/", {"listing": ListingFactory().pk, "quantity": 1})

    response = client.post("/checkout/", {"review": "1", "payment_method": "cod"})

    page = Elements(response.content.decode())
    assert page.summary_links() == ["#id_address_0"]
    assert page.find("fieldset", **{"aria-describedby": "id_address_error"}) != []
    assert page.text["id_address_error"].strip() == "This field is required."


@pytest.mark.django_db
def test_curators_hand_made_forms_announce_their_errors_too(client, curator, buyer):
    order = place(buyer=buyer, items=[(ListingFactory(), 1)])
    shipment = order.shipments.get()
    grievance = file_grievance(
        filed_by=buyer, role="buyer", subject="delivery", description="The parcel never came."
    )
    client.force_login(curator)

    cancel = Elements(
        client.post(f"/curate/shipments/{shipment.pk}/cancel/", {"reason": ""}).content.decode()
    )
    resolve = Elements(
        client.post(
            f"/curate/grievances/{grievance.pk}/resolve/", {"resolve-reason": ""}
        ).content.decode()
    )

    reason = cancel.find("textarea", id=f"cancel-reason-{shipment.pk}")[0]
    assert reason["aria-invalid"] == "true"
    assert cancel.text[reason["aria-describedby"]].strip() == "This field is required."
    assert resolve.summary_links() == ["#id_resolve-reason"]
    assert resolve.find("textarea", id="id_resolve-reason")[0]["aria-invalid"] == "true"
