/* Drag items between the backlog and the sprint; each drop posts and the body is re-rendered. */
(function () {
  "use strict";
  function csrf() { return document.querySelector("meta[name=csrf-token]").content; }
  function wire() {
    const body = document.getElementById("planning-body");
    if (!body || !window.Sortable || body.dataset.canPlan !== "1") return;
    ["plan-backlog", "plan-sprint"].forEach((id) => {
      const list = document.getElementById(id);
      if (!list || list.dataset.wired) return;
      list.dataset.wired = "1";
      Sortable.create(list, {
        group: "plan", animation: 120, sort: false, draggable: "[data-key]",
        onAdd: (evt) => {
          const url = evt.to.id === "plan-sprint" ? body.dataset.addUrl : body.dataset.removeUrl;
          htmx.ajax("POST", url, { target: "#planning-body", swap: "outerHTML", values: { items: evt.item.dataset.key, score: body.dataset.score }, headers: { "X-CSRFToken": csrf() } });
        },
      });
    });
  }
  document.addEventListener("DOMContentLoaded", wire);
  document.addEventListener("htmx:afterSettle", wire);
})();
