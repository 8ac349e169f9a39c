// Live progress of the measurement form: parses the number as written in Colombia (the same
// rules as reporting/numbers.py) and shows executed / programmed at the cutoff. The server
// validates again: this only helps the reporter while typing.
(function () {
  "use strict";
  function parseCo(text) {
    var value = (text || "").trim().replace(/\s*%$/, "");
    if (!/^[0-9.,]+$/.test(value) || (value.match(/,/g) || []).length > 1) return null;
    var parts = value.split(",");
    var whole = parts[0], fraction = parts.length > 1 ? parts[1] : "";
    if (fraction.indexOf(".") !== -1) return null;
    if (whole.indexOf(".") !== -1) {
      var groups = whole.split(".");
      if (!groups[0] || groups[0].length > 3) return null;
      for (var i = 1; i < groups.length; i++) if (groups[i].length !== 3) return null;
      whole = groups.join("");
    }
    if (parts.length > 1 && !fraction) return null;
    return parseFloat((whole || "0") + (fraction ? "." + fraction : ""));
  }
  function formatPct(value) {
    var fixed = value.toFixed(2).split(".");
    var whole = fixed[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return whole + "," + fixed[1] + "%";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("measurement-form");
    if (!form) return;
    var input = form.querySelector("[name=executed]");
    var output = document.getElementById("progress-value");
    var programmed = parseFloat(form.dataset.programmed || "");
    var lower = form.dataset.direction === "lower";
    function update() {
      var executed = parseCo(input.value);
      if (!(programmed > 0)) { output.textContent = "No programado al corte"; return; }
      if (executed === null) { output.textContent = "—"; return; }
      var progress = lower ? (executed > 0 ? programmed / executed * 100 : 100) : executed / programmed * 100;
      var note = progress < 100 ? " · explique el rezago" : progress > 100 ? " · explique la sobre-ejecución" : "";
      output.textContent = formatPct(progress) + note;
    }
    // The checks before publishing (reporting/plausibility.py), as warnings while typing.
    var box = document.getElementById("plausibility-live");
    var year = parseFloat(form.dataset.programmedYear || "");
    var previous = parseFloat(form.dataset.previous || "");
    function warn() {
      if (!box) return;
      var executed = parseCo(input.value);
      if (executed === null) return;
      var found = [];
      var progress = programmed > 0 ? (lower ? (executed > 0 ? programmed / executed * 100 : 100) : executed / programmed * 100) : null;
      if (progress !== null && progress > 200) found.push(box.dataset.msgOver200);
      if (year > 0 && executed > 2 * year) found.push(box.dataset.msgTwice);
      if (previous > 0 && executed > 0 && (executed > 10 * previous || previous > 10 * executed)) found.push(box.dataset.msgTenfold);
      if (form.dataset.unit === "percent" && executed > 100) found.push(box.dataset.msgPercent);
      box.textContent = "";
      found.forEach(function (message) {
        var line = document.createElement("p");
        line.className = "warning-line";
        line.textContent = message;
        box.appendChild(line);
      });
    }
    input.addEventListener("input", update);
    input.addEventListener("input", warn);
    update();
  });
})();
