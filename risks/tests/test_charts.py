"""The heat-map figure, without a database."""

from risks.charts import heat_map_figure
from risks.choices import RiskZone
from risks.methodology import plain_from_data, read_methodology

M = plain_from_data(read_methodology())


def figure(counts):
    zones = {code: RiskZone(code) for code in RiskZone.values}
    return heat_map_figure(
        probability_levels=[(p.position, p.name) for p in M.probability_levels],
        impact_levels=[(i.position, i.name) for i in M.impact_levels],
        zones=M.heat_map,
        counts=counts,
        urls={cell: f"?celda=residual-{cell[0]}-{cell[1]}" for cell in M.heat_map},
        zone_order=RiskZone.values,
        zone_labels={c: str(z.label) for c, z in zones.items()},
        zone_colours={c: (z.hex, z.text_hex) for c, z in zones.items()},
        axis_titles=("Impacto", "Probabilidad"),
        count_label="Riesgos",
    )


def test_every_cell_has_its_zone_colour_count_and_link():
    fig = figure({(5, 1): 3, (2, 4): 1})
    trace = fig["data"][0]
    assert trace["type"] == "heatmap"
    assert trace["y"] == ["Muy baja", "Baja", "Media", "Alta", "Muy alta"]
    assert trace["x"] == ["Leve", "Menor", "Moderado", "Mayor", "Catastrófico"]
    # Row "Muy alta" (last), column "Leve" (first): zone Alto (index 2), 3 risks, its link.
    assert trace["z"][4][0] == RiskZone.values.index("high")
    assert trace["customdata"][4][0] == ["?celda=residual-5-1", "Alto", 3]
    assert trace["customdata"][1][3] == ["?celda=residual-2-4", "Alto", 1]
    assert sum(len(row) for row in trace["z"]) == 25
    annotations = fig["layout"]["annotations"]
    assert len(annotations) == 25
    muy_alta_leve = next(a for a in annotations if a["x"] == "Leve" and a["y"] == "Muy alta")
    assert muy_alta_leve["text"] == "<b>3</b>"
    assert muy_alta_leve["font"]["color"] == RiskZone.HIGH.text_hex


def test_each_zone_gets_one_flat_colour():
    scale = figure({})["data"][0]["colorscale"]
    colours = [colour for _, colour in scale]
    assert colours == [z for code in RiskZone.values for z in [RiskZone(code).hex] * 2]
