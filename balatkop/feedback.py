"""How a view shows a service's ValidationError: on its form, or as flash messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError

MAX_MESSAGES = 20
T = TypeVar("T")


def show_errors(request, error: ValidationError, *, form=None) -> None:
    """On ``form`` (per field where the error names one), else one message per problem."""
    if form is not None:
        if hasattr(error, "error_dict"):
            for name, field_errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, field_errors)
        else:
            form.add_error(None, error)
        return
    problems = error.messages
    for problem in problems[:MAX_MESSAGES]:
        messages.error(request, problem)
    if len(problems) > MAX_MESSAGES:
        messages.error(request, f"… dan {len(problems) - MAX_MESSAGES} kesalahan lain.")


def show_form_errors(request, form) -> None:
    """A form that has no page of its own (a button on a list): its errors as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def form_submit(request, form, save: Callable[[], T]) -> T | None:
    """For a valid POSTed ``form``, what ``save()`` returns; None when nothing was saved.

    ``save`` calls the service; its ValidationError lands on the form (see :func:`show_errors`).
    The service returns what it wrote, so a view tells "saved" from "shown again" by None.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save()
    except ValidationError as error:
        show_errors(request, error, form=form)
        return None
