/* Draws every chart of the page with our own plotly.js (static/vendor/plotly).
   Each <div data-figure="ID"> reads its figure from <script type="application/json" id="ID">;
   numbers arrive as JSON strings (Decimal on the server) and plotly reads them as numbers. */
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    var nodes = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(nodes, function (node) {
      var source = document.getElementById(node.getAttribute("data-figure"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(node, figure.data, figure.layout, {
        displayModeBar: false,
        responsive: true
      }).then(function () { node.setAttribute("data-rendered", "true"); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
