/* Drag an initiative to another horizon or place on the now / next / later board. */
(function () {
  "use strict";
  const url = document.currentScript.dataset.moveUrl;  // …/initiative/0/move/
  function wire() {
    const board = document.getElementById("roadmap-board");
    if (!board || !board.dataset.canMove) return;
    board.querySelectorAll(".roadmap-column").forEach((column) => {
      Sortable.create(column, {
        group: "roadmap",
        handle: ".drag-handle",
        draggable: ".roadmap-card",
        animation: 120,
        forceFallback: true,
        onEnd(evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) return;
          const card = evt.item;
          const before = card.nextElementSibling && card.nextElementSibling.dataset.id;
          const after = card.previousElementSibling && card.previousElementSibling.dataset.id;
          const values = { horizon: evt.to.dataset.horizon, version: card.dataset.version };
          if (before) values.before = before; else if (after) values.after = after;
          htmx.ajax("POST", url.replace("/0/", "/" + card.dataset.id + "/"), {
            values: values, target: "#roadmap-board", swap: "outerHTML",
          });
        },
      });
    });
  }
  wire();
  document.body.addEventListener("htmx:afterSettle", (e) => {
    if (e.target && e.target.id === "roadmap-board") wire();
  });
})();
