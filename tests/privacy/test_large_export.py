"""A large data export is made by a job; its page offers it to its owner alone, while the link
lasts."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import update

from lms.extensions import db
from lms.models import PreparedFile
from lms.models.base import utcnow
from tests.conftest import log_in
from tests.privacy.test_learner_data import audit_rows


@pytest.fixture
def app_config(app_config):
    return {**app_config, "BACKGROUND_EXPORT_RECORDS": 3}


def test_a_large_export_is_prepared_and_its_link_expires(app, client, make_user, world):
    log_in(client, world.learner.email)
    response = client.post("/account/data/export")
    assert response.status_code == 302
    page_url = response.headers["Location"]
    assert "The file is ready." in client.get(page_url).get_data(as_text=True)
    download = client.get(page_url + "/download")
    assert zipfile.ZipFile(io.BytesIO(download.data)).namelist()[0] == "README.txt"
    assert audit_rows("data.export") == 1

    stranger = app.test_client()
    log_in(stranger, world.other.email)
    assert stranger.get(page_url + "/download").status_code == 404

    db.session.execute(update(PreparedFile).values(created_at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    assert client.get(page_url + "/download").status_code == 404
    assert client.get(page_url).status_code == 404
