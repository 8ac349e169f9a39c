// Plan set-up grids: each objective's running sum of weights, and the total a row's yearly
// programming implies under its annualisation, as the person types (numbers as written in
// Colombia: 1.500 is fifteen hundred, 12,5 is twelve and a half).
(() => {
  const parse = (text) => {
    const raw = (text || "").trim().replace(/\s/g, "");
    if (!raw) return null;
    let plain = raw;
    if (raw.includes(",")) plain = raw.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(raw)) plain = raw.replace(/\./g, "");
    const value = Number(plain);
    return Number.isFinite(value) ? value : NaN;
  };
  const show = (value) =>
    value.toLocaleString("es-CO", { minimumFractionDigits: 0, maximumFractionDigits: 4 });
  const messages = () => (document.getElementById("setup-messages") || {}).dataset || {};

  const weights = (group) => {
    const boxes = [...group.querySelectorAll("[data-weight]")];
    const values = boxes.map((b) => parse(b.value)).filter((v) => v !== null);
    const out = group.querySelector("[data-weight-sum]");
    if (values.some(Number.isNaN)) { out.textContent = "—"; return; }
    const sum = values.reduce((a, b) => a + b, 0);
    const m = messages();
    const off = values.length && m.rule === "all_of_year" && Math.abs(sum - 100) > 0.01 * values.length + 1e-9;
    out.textContent = `${show(sum)} %` + (off ? ` · ${m.must}` : "");
  };

  const expectedTotal = (kind, values) => {
    const known = values.filter((v) => v !== null);
    if (!known.length) return null;
    return kind === "suma" ? known.reduce((a, b) => a + b, 0) : known[known.length - 1];
  };

  const programming = (row) => {
    const m = messages();
    const kind = row.dataset.annualization;
    const values = [...row.querySelectorAll("[data-year]")].map((b) => parse(b.value));
    const out = row.querySelector("[data-check]");
    if (values.some(Number.isNaN)) { out.textContent = "—"; return; }
    const known = values.filter((v) => v !== null);
    const notes = [];
    const pairs = known.slice(1).map((v, i) => [known[i], v]);
    if (kind === "creciente" && pairs.some(([a, b]) => b < a)) notes.push(m.up);
    if (kind === "decreciente" && pairs.some(([a, b]) => b > a)) notes.push(m.down);
    if (kind === "constante" && pairs.some(([a, b]) => b !== a)) notes.push(m.flat);
    const expected = expectedTotal(kind, values);
    const declared = parse(row.querySelector("[data-total]").value);
    if (expected !== null) {
      let text = `${m.expected}: ${show(expected)}`;
      if (declared !== null && !Number.isNaN(declared)) {
        text += Math.abs(declared - expected) > 1e-9 ? ` · ${m.mismatch}` : ` · ${m.ok}`;
      }
      notes.unshift(text);
    }
    out.textContent = notes.join(" · ");
  };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-weight-group]").forEach((group) => {
      weights(group);
      group.addEventListener("input", () => weights(group));
    });
    document.querySelectorAll("tr[data-annualization]").forEach((row) => {
      programming(row);
      row.addEventListener("input", () => programming(row));
    });
  });
})();
