"""CSRF protection is on by default: a form posted without its token changes nothing."""

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.models import User
from tests.conftest import PASSWORD


@pytest.fixture
def app_config(database_url):
    from tests.conftest import make_config

    return make_config(database_url, WTF_CSRF_ENABLED=True)


def test_a_form_without_its_token_is_refused_with_a_clear_page(client):
    data = {"name": "A", "email": "a@example.org", "password": PASSWORD, "confirm": PASSWORD}
    response = client.post("/signup", data=data)
    assert response.status_code == 400
    assert b"nothing was saved" in response.data
    assert db.session.scalar(select(User)) is None


def test_every_form_carries_a_token(client):
    for page in ("/signup", "/login", "/"):
        assert b'name="csrf_token"' in client.get(page).data
