/* Drag a card to another column: post its new status; a refusal returns it where it was. */
(function () {
  "use strict";
  function csrf() { return document.querySelector("meta[name=csrf-token]").content; }
  function move(card, status, origin, oldIndex) {
    const body = document.getElementById("board-body");
    const values = { item: card.dataset.key, status: status, version: card.dataset.version, sprint: body.dataset.sprint, lane: body.dataset.lane || "" };
    htmx.ajax("POST", body.dataset.moveUrl, { source: card, target: card, swap: "outerHTML", values: values, headers: { "X-CSRFToken": csrf() } })
      .then(() => {
        if (document.body.contains(card) && origin) {  // refused: the card was not replaced
          origin.insertBefore(card, origin.children[oldIndex] || null);
        }
      });
  }
  function wire() {
    const body = document.getElementById("board-body");
    if (!body || !window.Sortable || body.dataset.canMove !== "1") return;
    body.querySelectorAll("ul.board-cards").forEach((list) => {
      if (list.dataset.wired) return;
      list.dataset.wired = "1";
      Sortable.create(list, {
        // Only who may accept can drop a card on Accepted; anyone else would be refused.
        group: list.dataset.closed ? { name: "board", put: false } : "board",
        animation: 120, sort: false, draggable: "[data-key]",
        onAdd: (evt) => move(evt.item, evt.to.dataset.status, evt.from, evt.oldIndex),
      });
    });
  }
  document.addEventListener("DOMContentLoaded", wire);
  document.addEventListener("htmx:afterSettle", wire);
  // The keyboard's way: a card's status menu.
  document.addEventListener("change", (evt) => {
    const select = evt.target;
    if (!(select instanceof HTMLSelectElement) || !select.matches("[data-card-status]")) return;
    const card = select.closest("[data-key]");
    const list = document.querySelector(`ul.board-cards[data-status="${select.value}"]`);
    const origin = card.parentElement;
    const oldIndex = Array.prototype.indexOf.call(origin.children, card);
    if (list) list.prepend(card);
    move(card, select.value, origin, oldIndex);
  });
})();
