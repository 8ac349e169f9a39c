// Draws each heat map from its JSON figure and opens the list of a cell's risks on click.
// Without JavaScript the table beside each map has the same links.
(function () {
  "use strict";
  if (typeof Plotly === "undefined") { return; }
  document.querySelectorAll("[data-heatmap]").forEach(function (element) {
    var figure = JSON.parse(document.getElementById(element.dataset.heatmap).textContent);
    Plotly.newPlot(element, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
      locale: document.documentElement.lang || "es"
    }).then(function () {
      element.setAttribute("data-ready", "true");
    });
    element.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      var url = point && point.customdata && point.customdata[0];
      if (url) { window.location.href = url; }
    });
  });
})();
