// "Select all" of the review-at-scale page: one checkbox ticks every row of the list.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((master) => {
    const name = master.dataset.selectAll;
    const boxes = () => document.querySelectorAll(`input[type=checkbox][name="${name}"]`);
    master.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = master.checked; });
    });
  });
});
