// Drag a row of the order of precedence to another place: the new order is posted
// (the Move up / Move down buttons do the same without a mouse).
(function () {
  "use strict";
  const table = document.querySelector("[data-precedence] tbody");
  const form = document.getElementById("precedence-order");
  if (!table || !form) return;
  let dragged = null;
  table.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("tr[data-participant]");
    if (dragged) event.dataTransfer.effectAllowed = "move";
  });
  table.addEventListener("dragover", (event) => {
    if (dragged) event.preventDefault();
  });
  table.addEventListener("drop", (event) => {
    const target = event.target.closest("tr[data-participant]");
    if (!dragged || !target || target === dragged) return;
    event.preventDefault();
    const rows = Array.from(table.querySelectorAll("tr[data-participant]"));
    if (rows.indexOf(dragged) < rows.indexOf(target)) target.after(dragged);
    else target.before(dragged);
    const order = Array.from(table.querySelectorAll("tr[data-participant]")).map(
      (row) => row.dataset.participant,
    );
    form.querySelector("[data-precedence-order]").value = order.join(",");
    form.submit();
  });
})();
