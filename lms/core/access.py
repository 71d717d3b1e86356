"""Role checks for views: logged in first, then 403 for anyone without the role."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def _requiring(has_role):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_role(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


facilitator_required = _requiring(lambda user: user.is_facilitator)  # admins are facilitators too
admin_required = _requiring(lambda user: user.is_admin)
