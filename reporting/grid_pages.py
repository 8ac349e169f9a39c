"""What the planning office's grid pages share (the programming at a cutoff, the weights of a
year, the yearly programming): a save the workflow may refuse, and a page that answers 400
while it shows errors or the refusal."""

from __future__ import annotations

from django.shortcuts import render

from reporting.workflow import TransitionError


def attempt(save):
    """(what ``save()`` returns, None), or (None, the reason) when the workflow refuses it."""
    try:
        return save(), None
    except TransitionError as error:
        return None, error.message


def render_grid(request, template: str, context: dict, errors, problem):
    """The grid page with ``problem`` (the workflow's refusal, or None) in its context."""
    return render(
        request,
        template,
        {**context, "problem": problem},
        status=400 if errors or problem else 200,
    )
