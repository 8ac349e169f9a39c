"""The {% scrolltable %} tag (public/templatetags/tablero.py): the one markup of a table in a
region that scrolls sideways, its caption written as {% translate %} would write it."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.utils import translation


def render(source: str, **context) -> str:
    return engines["django"].from_string("{% load i18n tablero %}" + source).render(context)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(
    "msgid",
    ["Datos del gráfico (% de la meta de la vigencia)", "Indicadores que cuentan en el promedio"],
)
def test_a_translated_caption_reads_as_translate_writes_it(language, msgid):
    with translation.override(language):
        table = render(f'{{% scrolltable caption=_("{msgid}") %}}{{% endscrolltable %}}')
        caption = render(f'{{% translate "{msgid}" %}}')
    assert f"<caption>{caption}</caption>" in table
    assert "%%" not in table


def test_a_caption_id_labels_the_region_and_the_body_stays_inside_the_table():
    html = render(
        '{% scrolltable caption=name caption_id="x-caption" table_id="t" table_class="sticky-first"'
        ' wrap="table-wrap" %}<tbody><tr><td>1</td></tr></tbody>{% endscrolltable %}',
        name="Año <2026>",
    )
    assert html == (
        '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="x-caption">\n'
        '<table id="t" class="sticky-first">\n'
        '<caption id="x-caption">Año &lt;2026&gt;</caption>\n'
        "<tbody><tr><td>1</td></tr></tbody></table>\n</div>"
    )


def test_without_a_caption_id_the_region_has_a_label_scrollable_by_default():
    with translation.override("es"):
        plain = render("{% scrolltable %}{% endscrolltable %}")
        named = render('{% scrolltable label="Personas" %}{% endscrolltable %}')
    assert plain.startswith(
        '<div class="table-scroll" tabindex="0" role="region" aria-label="Tabla desplazable">'
    )
    assert 'aria-label="Personas"' in named
    assert "<caption" not in plain


def test_options_are_named():
    with pytest.raises(TemplateSyntaxError):
        render('{% scrolltable "caption" %}{% endscrolltable %}')
