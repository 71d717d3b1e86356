"""The application's class (lms.core.application): Flask's, asking once per function whether
it is a coroutine function, without keeping functions alive."""

from __future__ import annotations

import gc
import weakref


def test_a_plain_function_is_called_as_it_is_and_not_kept_alive(app):
    def made_for_one_request(response):
        return response

    assert app.ensure_sync(made_for_one_request) is made_for_one_request
    assert app.ensure_sync(made_for_one_request) is made_for_one_request  # known now
    gone = weakref.ref(made_for_one_request)
    del made_for_one_request
    gc.collect()
    assert gone() is None


def test_hooks_and_views_still_run(learner_client, module1):
    response = learner_client.get(f"/modules/{module1.slug}")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"  # an after-request hook ran
