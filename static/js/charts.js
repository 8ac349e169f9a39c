/* Draws every chart of the page with our own plotly.js (static/vendor/plotly).
   Each <div data-figure="ID"> reads its figure from <script type="application/json" id="ID">.
   Numbers arrive as JSON strings (Decimal on the server); the attributes listed in each
   trace's meta.numeric become numbers here, so that plotly formats them with the layout's
   separators (Colombian: 183,33%). */
(function () {
  "use strict";
  function toNumber(value) {
    return value === null || value === undefined || value === "" ? null : Number(value);
  }
  function numeric(trace) {
    var keys = (trace.meta && trace.meta.numeric) || [];
    keys.forEach(function (key) {
      var value = trace[key];
      trace[key] = Array.isArray(value) ? value.map(toNumber) : toNumber(value);
    });
    return trace;
  }
  function draw() {
    if (!window.Plotly) { return; }
    var nodes = document.querySelectorAll("[data-figure]");
    Array.prototype.forEach.call(nodes, function (node) {
      var source = document.getElementById(node.getAttribute("data-figure"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      window.Plotly.newPlot(node, figure.data.map(numeric), figure.layout, {
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
