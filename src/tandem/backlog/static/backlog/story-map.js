/* The story map: drag (or Shift+arrow) a story to a step, a slice, a place in the backlog
   order; drag a slice line to reorder the releases; drag (or ↑/↓) the line between two
   slices within a step's column to move stories across it; arrows or h/j/k/l move the focus. */
(function () {
  "use strict";
  let focusKey = null;
  let focusLine = null;

  function body() { return document.getElementById("story-map-body"); }
  function cardOf(key) { return key ? document.getElementById("map-" + key) : null; }

  function reload() {
    htmx.ajax("GET", window.location.pathname, { target: "#story-map-body", swap: "outerHTML" });
  }

  function post(url, values, card) {
    focusKey = card && card.dataset.key;
    focusLine = null;
    htmx.ajax("POST", url, { values: values, target: "#story-map-body", swap: "outerHTML" })
      .then(() => { if (card && document.body.contains(card)) reload(); });  // refused: redraw
  }

  // Where a story goes: a step and slice (or off the map), next to a neighbour in rank.
  function place(card, list, neighbours) {
    const root = body();
    const values = { item: card.dataset.key, version: card.dataset.version };
    if (list.dataset.tray) {
      values.off_map = "1";
    } else {
      values.step = list.dataset.step;
      values.slice = list.dataset.slice === "0" ? "" : list.dataset.slice;
      if (neighbours.before) values.before = neighbours.before;
      else if (neighbours.after) values.after = neighbours.after;
    }
    post(root.dataset.placeUrl, values, card);
  }

  function dropped(evt) {
    if (evt.from === evt.to && evt.oldIndex === evt.newIndex) return;
    if (evt.from === evt.to && evt.to.dataset.tray) { reload(); return; }
    const card = evt.item;
    const next = card.nextElementSibling, previous = card.previousElementSibling;
    place(card, evt.to, { before: next && next.dataset.key, after: previous && previous.dataset.key });
  }

  function sliceDropped(evt) {
    if (evt.oldIndex === evt.newIndex) return;
    const row = evt.item;
    const slices = [...document.querySelectorAll("#story-map tbody.map-slice[data-version]")];
    const url = body().dataset.sliceUrl.replace("/0/", "/" + row.dataset.slice + "/");
    post(url, { position: slices.indexOf(row), version: row.dataset.version }, null);
  }

  // --- the line between two slices, within one step's column ---------------------------------

  function moveLine(line, by) {
    focusKey = null;
    focusLine = line.id;
    const values = {
      step: line.dataset.step, upper_slice: line.dataset.upper,
      lower_slice: line.dataset.lower, by: by,
    };
    htmx.ajax("POST", body().dataset.lineUrl, { values: values, target: "#story-map-body", swap: "outerHTML" });
  }

  // The line follows the pointer, snapping to the gaps between the column's cards; the cards
  // it crosses are marked; on release it moves by the number of cards crossed.
  function lineDrag(evt) {
    const line = evt.target instanceof HTMLElement && evt.target.closest(".slice-line-handle");
    if (!line || evt.button !== 0 || body().dataset.canMove !== "1") return;
    evt.preventDefault();
    const upperList = cellFor(line.dataset.step, line.dataset.upper);
    const lowerList = line.parentElement.querySelector("ul.map-cell");
    const above = upperList ? [...upperList.querySelectorAll(".map-card")] : [];
    const cards = [...above, ...lowerList.querySelectorAll(".map-card")];
    const start = above.length;
    const origin = line.getBoundingClientRect().top;
    let index = start;
    const gapY = (i) => {
      if (i === start) return origin;
      if (i < start) return cards[i].getBoundingClientRect().top - 4;
      return cards[i - 1].getBoundingClientRect().bottom + 1;
    };
    const follow = (e) => {
      index = cards.filter((c) => {
        const box = c.getBoundingClientRect();
        return box.top + box.height / 2 < e.clientY;
      }).length;
      cards.forEach((c, i) => c.classList.toggle("crossing", i < start ? i >= index : i < index));
      line.style.transform = `translateY(${gapY(index) - origin}px)`;
    };
    const finish = (e) => {
      line.removeEventListener("pointermove", follow);
      line.removeEventListener("pointerup", finish);
      line.removeEventListener("pointercancel", finish);
      line.classList.remove("dragging");
      line.style.transform = "";
      cards.forEach((c) => c.classList.remove("crossing"));
      if (e.type === "pointerup" && index !== start) moveLine(line, index - start);
    };
    line.classList.add("dragging");
    line.setPointerCapture(evt.pointerId);
    line.addEventListener("pointermove", follow);
    line.addEventListener("pointerup", finish);
    line.addEventListener("pointercancel", finish);
  }

  function wire() {
    const root = body();
    if (!root) return;
    if (focusKey && cardOf(focusKey)) cardOf(focusKey).focus();
    if (focusLine && document.getElementById(focusLine)) document.getElementById(focusLine).focus();
    if (!window.Sortable || root.dataset.canMove !== "1" || root.dataset.wired) return;
    root.dataset.wired = "1";
    root.querySelectorAll("ul.map-cell").forEach((list) => {
      Sortable.create(list, {
        group: "story-map", animation: 120, forceFallback: true,
        draggable: ".map-card", onEnd: dropped,
      });
    });
    const table = document.getElementById("story-map");
    if (table) {
      Sortable.create(table, {
        draggable: "tbody.map-slice[data-version]", handle: ".slice-handle",
        animation: 120, forceFallback: true, onEnd: sliceDropped,
      });
    }
  }

  // --- keyboard -------------------------------------------------------------------------------

  function columns() {
    const steps = [...document.querySelectorAll("#story-map th[data-step-head]")].map((th) => th.dataset.stepHead);
    return ["tray", ...steps];
  }
  function columnOf(card) {
    const list = card.closest("ul.map-cell");
    return list.dataset.tray ? "tray" : list.dataset.step;
  }
  function cardsIn(column) {
    const selector = column === "tray" ? "ul.map-tray .map-card" : `ul.map-cell[data-step="${column}"] .map-card`;
    return [...document.querySelectorAll(selector)];
  }
  function cellFor(column, slice) {
    return document.querySelector(`ul.map-cell[data-step="${column}"][data-slice="${slice}"]`);
  }

  function focusVertical(card, delta) {
    const cards = cardsIn(columnOf(card));
    const target = cards[cards.indexOf(card) + delta];
    if (target) target.focus();
  }

  function focusSideways(card, delta) {
    const all = columns();
    const list = card.closest("ul.map-cell");
    for (let i = all.indexOf(columnOf(card)) + delta; i >= 0 && i < all.length; i += delta) {
      const sameRow = all[i] === "tray" ? null : cellFor(all[i], list.dataset.slice);
      const target = (sameRow && sameRow.querySelector(".map-card")) || cardsIn(all[i])[0];
      if (target) { target.focus(); return; }
    }
  }

  function rowCell(list, delta) {
    const rows = [...document.querySelectorAll("#story-map tbody.map-slice")];
    const row = rows[rows.indexOf(list.closest("tbody")) + delta];
    return row ? cellFor(list.dataset.step, row.dataset.slice) : null;
  }

  function moveVertical(card, delta) {
    const list = card.closest("ul.map-cell");
    if (list.dataset.tray) return;
    const sibling = delta < 0 ? card.previousElementSibling : card.nextElementSibling;
    if (sibling) {
      place(card, list, delta < 0 ? { before: sibling.dataset.key } : { after: sibling.dataset.key });
      return;
    }
    const target = rowCell(list, delta);  // past the edge of the slice: into the next one
    if (!target) return;
    const edge = delta < 0 ? target.lastElementChild : target.firstElementChild;
    const key = edge && edge.dataset.key;
    place(card, target, delta < 0 ? { after: key } : { before: key });
  }

  function moveSideways(card, delta) {
    const all = columns();
    const list = card.closest("ul.map-cell");
    const column = all[all.indexOf(columnOf(card)) + delta];
    if (!column) return;
    if (column === "tray") { place(card, document.querySelector("ul.map-tray"), {}); return; }
    const slice = list.dataset.tray ? "0" : list.dataset.slice;
    const target = cellFor(column, slice);
    if (target) place(card, target, {});  // the rank stays: it sorts into the cell by it
  }

  const KEYS = {
    ArrowUp: ["v", -1], k: ["v", -1], K: ["v", -1],
    ArrowDown: ["v", 1], j: ["v", 1], J: ["v", 1],
    ArrowLeft: ["h", -1], h: ["h", -1], H: ["h", -1],
    ArrowRight: ["h", 1], l: ["h", 1], L: ["h", 1],
  };

  const LINE_KEYS = { ArrowUp: -1, k: -1, ArrowDown: 1, j: 1 };

  document.addEventListener("keydown", (evt) => {
    const line = evt.target instanceof HTMLElement && evt.target.closest(".slice-line-handle");
    if (!line || evt.ctrlKey || evt.metaKey || evt.altKey || !(evt.key in LINE_KEYS)) return;
    evt.preventDefault();
    if (body().dataset.canMove === "1") moveLine(line, LINE_KEYS[evt.key]);
  }, true);

  document.addEventListener("pointerdown", lineDrag);

  document.addEventListener("keydown", (evt) => {
    const card = evt.target instanceof HTMLElement && evt.target.closest(".map-card");
    if (!card || evt.ctrlKey || evt.metaKey || evt.altKey) return;
    if (evt.key === "Enter") { evt.preventDefault(); window.location.href = card.dataset.href; return; }
    const key = KEYS[evt.key];
    if (!key) return;
    evt.preventDefault();
    const [axis, delta] = key;
    if (evt.shiftKey) {
      if (body().dataset.canMove !== "1") return;
      (axis === "v" ? moveVertical : moveSideways)(card, delta);
    } else {
      (axis === "v" ? focusVertical : focusSideways)(card, delta);
    }
  }, true);

  document.addEventListener("DOMContentLoaded", wire);
  document.addEventListener("htmx:afterSettle", wire);
  wire();
})();
