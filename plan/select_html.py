"""A drop-down written in Python: Django's ``<select>`` markup, byte for byte, without the
template engine.

Django renders a ``Select`` through a template that includes another template per option and
one more for each option's attributes: about 25 µs an option. The directors' filters at
district scale hold a drop-down of every sector (58 at L) and an entity's processes, projects
and units; written through the engine they cost more than the page's queries (issue 15).
``QuickSelect`` keeps Django's choices, its rule of selection (``ChoiceWidget.optgroups``) and
attributes (``Widget.get_context``) and only writes the markup here, escaping every value as
the templates do.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.utils.safestring import SafeString, mark_safe

from plan import fast_html


def attributes(attrs: dict) -> SafeString:
    """``django/forms/widgets/attrs.html``: each attribute not False, a True one bare."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(fast_html.one(" {}", name))
        else:
            parts.append(fast_html.one(' {}="{}"', name, str(value)))
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703: each part is escaped


_OPTION = '\n  <option value="{}">{}</option>\n'
_SELECTED = '\n  <option value="{}" selected>{}</option>\n'


class QuickSelect(forms.Select):
    """``forms.Select`` whose markup is written in Python (see the module's docstring): the
    options as ``ChoiceWidget.optgroups`` chooses them (the first option whose value is the
    field's is selected; a group's options follow its label), without building a dictionary
    of attributes for each."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        values, has_selected, parts = widget["value"], False, []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group, choices = option_value, option_label
            else:
                group, choices = None, [(option_value, option_label)]
            if group:
                parts.append(fast_html.one('\n  <optgroup label="{}">', group))
            for subvalue, sublabel in choices:
                selected = not has_selected and str(subvalue) in values
                has_selected |= selected
                markup = _SELECTED if selected else _OPTION
                parts.append(markup.format(escape(str(subvalue)), fast_html.escaped(sublabel)))
            if group:
                parts.append("\n  </optgroup>")
        return mark_safe(  # noqa: S308  # nosec B308 B703: every value is escaped
            fast_html.one('<select name="{}"{}>', widget["name"], attributes(widget["attrs"]))
            + "".join(parts)
            + "\n</select>"
        )
