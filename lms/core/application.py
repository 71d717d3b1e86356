"""The application's class: Flask's, with one question answered once per function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask


class Application(Flask):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plain: WeakKeyDictionary[Callable, bool] = WeakKeyDictionary()

    def ensure_sync(self, func: Callable) -> Callable:
        """Flask asks of every hook and view, on every request, whether it is a coroutine
        function (inspect's checks, some ten times a request): a plain function is known as
        such once, weakly, so that one made for a single request goes with it."""
        try:
            if self._plain.get(func):
                return func
        except TypeError:  # not weakly referable: asked every time
            return super().ensure_sync(func)
        found = super().ensure_sync(func)
        if found is func:
            self._plain[func] = True
        return found
