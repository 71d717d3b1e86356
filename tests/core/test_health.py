from lms import create_app
from tests.conftest import make_config


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "writes": "ok"}
    assert response.data.count(b"\n") <= 1


def test_healthz_answers_503_when_the_database_does_not(tmp_path):
    missing = tmp_path / "no-such-folder" / "db.sqlite3"
    app = create_app(make_config(f"sqlite:///{missing}"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
