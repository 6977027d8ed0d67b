/* Tandem's page behaviour: error toasts, drag and drop, keyboard shortcuts.
 *
 * The server renders every page; this file only wires HTMX, SortableJS and the
 * keyboard together. No build step: plain ES2020 loaded after the vendored libraries.
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  const TOAST_MS = 5000;
  const HIGH = 8; // a quadrant move makes a low score high (8) or a high one low (3)
  const LOW = 3;
  const MIDPOINT = 5;

  // --- toasts -------------------------------------------------------------------------

  function autoHide(toast) {
    if (toast.dataset.autoHide) return;
    toast.dataset.autoHide = "1";
    let timer = null;
    const hide = () => {
      toast.classList.remove("show");
      setTimeout(() => toast.remove(), 200);
    };
    const start = () => { timer = setTimeout(hide, TOAST_MS); };
    const stop = () => clearTimeout(timer);
    // Reading or focusing a toast keeps it; it leaves a while after the pointer does.
    toast.addEventListener("mouseenter", stop);
    toast.addEventListener("focusin", stop);
    toast.addEventListener("mouseleave", start);
    toast.addEventListener("focusout", start);
    toast.querySelector("[data-bs-dismiss=toast]")?.addEventListener("click", hide);
    start();
  }

  function showToast(message, tone) {
    const stack = document.getElementById("toasts");
    if (!stack) return;
    const toast = document.createElement("div");
    toast.className = `toast show align-items-center text-bg-${tone || "danger"} border-0 mb-2`;
    toast.setAttribute("role", "alert");
    toast.dataset.tandemToast = "";
    toast.innerHTML = '<div class="d-flex"><div class="toast-body"></div>' +
      '<button type="button" class="btn-close btn-close-white me-2 m-auto" data-bs-dismiss="toast" aria-label="Close"></button></div>';
    toast.querySelector(".toast-body").textContent = message;
    stack.appendChild(toast);
    autoHide(toast);
  }

  window.tandemToast = showToast; // for the page scripts that talk to the API themselves

  // --- HTMX ---------------------------------------------------------------------------

  // A domain error comes back as a 4xx toast aimed at #toasts (HX-Retarget): show it.
  // The request still counts as failed, so forms below can undo what the user changed.
  document.addEventListener("htmx:beforeSwap", (evt) => {
    const xhr = evt.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
      evt.detail.shouldSwap = true;
    }
  });

  document.addEventListener("htmx:responseError", (evt) => {
    const xhr = evt.detail.xhr;
    if (xhr.getResponseHeader("HX-Retarget")) return;
    const what = xhr.status === 403 ? "That is not allowed (403)" : `The server answered ${xhr.status}`;
    showToast(`${what}. Reload the page and try again.`);
  });

  document.addEventListener("htmx:sendError", () => {
    showToast("Tandem could not be reached. Check your connection and try again.");
  });

  // An inline edit that failed (a stale version, a refused status) shows the old value again.
  document.addEventListener("htmx:afterRequest", (evt) => {
    const form = evt.detail.elt;
    if (!evt.detail.successful && form instanceof HTMLFormElement && form.matches(".inline-edit, [hx-trigger=change]")) {
      form.reset();
    }
  });

  // The item page carries its version in #item-version; every form on it sends the latest.
  document.addEventListener("htmx:afterSettle", () => {
    const version = document.getElementById("item-version")?.dataset.version;
    if (!version) return;
    document.querySelectorAll("input[data-item-version]").forEach((input) => { input.value = version; });
  });

  /** POST with HTMX (CSRF header, indicator, toasts) and resolve with the status code. */
  function post(url, values, source, swap) {
    return new Promise((resolve) => {
      const done = (evt) => {
        source.removeEventListener("htmx:afterRequest", done);
        resolve(evt.detail.xhr ? evt.detail.xhr.status : 0);
      };
      source.addEventListener("htmx:afterRequest", done);
      htmx.ajax("POST", url, { source, values, target: source, swap: swap || "none" });
    });
  }

  // --- backlog rows: drag and drop ---------------------------------------------------------

  const rowKey = (row) => (row ? row.dataset.key : null);

  function putBack(element, parent, index) {
    element.remove();
    parent.insertBefore(element, parent.children[index] || null);
  }

  /** Ask the server to move a row next to its new neighbour; 200 keeps it, anything else undoes it. */
  async function moveRow(row, previous, next, undo) {
    const values = next ? { before: rowKey(next) } : { after: rowKey(previous) };
    if (!values.before && !values.after) return;
    const status = await post(row.dataset.moveUrl, values, row);
    if (status !== 200) undo();
    row.focus({ preventScroll: true });
  }

  function initRows(tbody) {
    Sortable.create(tbody, {
      handle: ".drag-handle",
      draggable: "tr[data-key]",
      animation: 120,
      forceFallback: true, // mouse events, so the ghost row looks like a row everywhere
      fallbackOnBody: false,
      ghostClass: "is-ghost",
      chosenClass: "is-chosen",
      onEnd(evt) {
        if (evt.oldIndex === evt.newIndex) return;
        const row = evt.item;
        select(row);
        moveRow(row, row.previousElementSibling, row.nextElementSibling,
          () => putBack(row, evt.from, evt.oldIndex));
      },
    });
  }

  // --- the value/effort matrix ---------------------------------------------------------------

  function score(current, wantHigh) {
    const isHigh = current > MIDPOINT;
    if (isHigh === wantHigh) return current;
    return wantHigh ? HIGH : LOW;
  }

  function recountQuadrants() {
    document.querySelectorAll("[data-quadrant]").forEach((list) => {
      const count = list.querySelectorAll(".matrix-card").length;
      const badge = document.querySelector(`[data-count-for="${list.dataset.quadrant}"]`);
      if (badge) badge.textContent = count;
      const empty = list.parentElement.querySelector(".quadrant-empty");
      if (empty) empty.hidden = count > 0;
    });
  }

  function initMatrix(list) {
    Sortable.create(list, {
      group: "matrix",
      handle: ".drag-handle",
      draggable: ".matrix-card",
      sort: false,
      animation: 120,
      forceFallback: true,
      ghostClass: "is-ghost",
      async onAdd(evt) {
        const card = evt.item;
        const value = score(Number(card.dataset.value), evt.to.dataset.highValue === "1");
        const effort = score(Number(card.dataset.effort), evt.to.dataset.highEffort === "1");
        recountQuadrants();
        // 200: the card comes back with its new scores; 202 (a proposal) or an error: undo.
        const status = await post(card.dataset.updateUrl, {
          value, effort, version: card.dataset.version, section: "card",
        }, card, "outerHTML");
        if (status !== 200) {
          putBack(document.getElementById(card.id) || card, evt.from, evt.oldIndex);
          recountQuadrants();
        }
      },
    });
  }

  // --- refinement: how many items are ticked ------------------------------------------------

  function countTicked() {
    const ticked = document.querySelectorAll("input[name=items][form=bulk-form]:checked");
    const count = new Set([...ticked].map((box) => box.value)).size;
    document.querySelectorAll("[data-selected-count]").forEach((el) => { el.textContent = count; });
    document.querySelectorAll("#bulk-form [data-needs-selection]").forEach((button) => { button.disabled = count === 0; });
  }

  document.addEventListener("change", (evt) => {
    if (evt.target.matches("input[name=items][form=bulk-form]")) countTicked();
  });

  // --- tables on a phone: each cell carries its column's name ----------------------------

  // On a narrow screen a table reflows into one card per row (tandem.css); each cell shows the
  // header of its column as a label, read from data-label. The headers stay where they are, so
  // a screen reader reads the table as a table.
  const REFLOWING_TABLES = "main table:not(.table-scroll, .table-fixed)";

  /** What a header says to the eye: screen-reader-only text ("Actions") is no label. */
  function headerText(th) {
    if (th.dataset.label !== undefined) return th.dataset.label;
    const copy = th.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function columnLabels(table) {
    const head = table.tHead;
    const row = head && head.rows[head.rows.length - 1];
    if (!row) return [];
    return [...row.cells].flatMap((th) => Array(th.colSpan).fill(headerText(th)));
  }

  // Some browsers drop a table's meaning from the accessibility tree once CSS changes its
  // display (Safari did for years); explicit roles keep it a table whatever the layout.
  function keepTableRoles(table) {
    const give = (el, role) => { if (!el.hasAttribute("role")) el.setAttribute("role", role); };
    give(table, "table");
    [table.tHead, ...table.tBodies, table.tFoot].filter(Boolean).forEach((group) => {
      give(group, "rowgroup");
      [...group.rows].forEach((row) => {
        give(row, "row");
        [...row.cells].forEach((cell) => {
          if (cell.tagName !== "TH") give(cell, "cell");
          else give(cell, group === table.tHead || cell.scope === "col" ? "columnheader" : "rowheader");
        });
      });
    });
  }

  function labelCells(table) {
    const labels = columnLabels(table);
    [...table.tBodies, table.tFoot].filter(Boolean).forEach((group) => {
      [...group.rows].forEach((row) => {
        let column = 0;
        [...row.cells].forEach((cell) => {
          const label = cell.colSpan === 1 ? labels[column] : "";
          if (label) cell.dataset.label = label;
          else delete cell.dataset.label;
          column += cell.colSpan;
        });
      });
    });
    keepTableRoles(table);
  }

  // One swap may bring many rows ("Load 50 more" loads each row on its own): label a table once.
  const tablesToLabel = new Set();
  function labelSoon(table) {
    if (!tablesToLabel.size) {
      queueMicrotask(() => {
        tablesToLabel.forEach(labelCells);
        tablesToLabel.clear();
      });
    }
    tablesToLabel.add(table);
  }

  // --- the backlog's filter menus: one open at a time, Escape closes, the summary follows ----

  function summarize(menu) {
    const ticked = [...menu.querySelectorAll(".filter-multi-options input:checked")];
    const texts = ticked.map((box) => menu.querySelector(`label[for="${box.id}"]`).lastChild.textContent.trim());
    const negated = menu.querySelector("[data-filter-negate]").checked;
    let shown = texts.length ? texts[0] : "All";
    if (texts.length > 1) shown += ` +${texts.length - 1}`;
    const summary = menu.querySelector("[data-filter-summary]");
    summary.textContent = texts.length && negated ? `not ${shown}` : shown;
    summary.classList.toggle("fw-semibold", texts.length > 0);
    menu.classList.toggle("is-negated", negated && texts.length > 0);
  }

  document.addEventListener("change", (evt) => {
    const menu = evt.target instanceof Element && evt.target.closest("[data-filter-menu]");
    if (menu) summarize(menu);
  });

  document.addEventListener("toggle", (evt) => {
    const menu = evt.target;
    if (!(menu instanceof HTMLDetailsElement) || !menu.matches("[data-filter-menu]") || !menu.open) return;
    document.querySelectorAll("[data-filter-menu][open]").forEach((other) => { if (other !== menu) other.open = false; });
  }, true);

  document.addEventListener("keydown", (evt) => {
    const menu = evt.key === "Escape" && evt.target instanceof Element && evt.target.closest("[data-filter-menu][open]");
    if (!menu) return;
    evt.preventDefault();
    menu.open = false;
    menu.querySelector("summary").focus();
  });

  document.addEventListener("click", (evt) => {
    const inside = evt.target instanceof Element && evt.target.closest("[data-filter-menu]");
    document.querySelectorAll("[data-filter-menu][open]").forEach((menu) => { if (menu !== inside) menu.open = false; });
  });

  // --- set up whatever HTMX (or the first load) brought in ---------------------------------

  htmx.onLoad((root) => {
    const scope = root.querySelectorAll ? root : document;
    const within = (selector) => [
      ...(scope.matches && scope.matches(selector) ? [scope] : []),
      ...scope.querySelectorAll(selector),
    ];
    within("[data-tandem-toast]").forEach(autoHide);
    // A row quick-added at the bottom shows at once; when "Load more" reaches it, keep one.
    within("tr.backlog-row:not(.is-fresh)").forEach((row) => {
      document.querySelectorAll(`tr.backlog-row.is-fresh[data-key="${row.dataset.key}"]`).forEach((twin) => twin.remove());
    });
    if (within("#bulk-form").length) countTicked();
    // New rows (a swapped row, "Load more", a refreshed body) are labelled like the rest.
    const around = scope.closest ? scope.closest(REFLOWING_TABLES) : null;
    [...within(REFLOWING_TABLES), ...(around ? [around] : [])].forEach(labelSoon);
    if (window.Sortable) {
      within("[data-sortable=rows]").forEach((el) => { if (!Sortable.get(el)) initRows(el); });
      within("[data-sortable=matrix]").forEach((el) => { if (!Sortable.get(el)) initMatrix(el); });
    }
  });

  // --- keyboard shortcuts (listed in the "?" dialog) -----------------------------------------

  let selected = null;
  let pendingG = 0;
  // "g" then a letter jumps to the navigation link that carries that letter (data-go).
  function jumpTarget(letter) {
    return /^[a-z]$/.test(letter) ? document.querySelector(`nav a[data-go="${letter}"]`) : null;
  }

  function selectable() {
    return [...document.querySelectorAll("main [data-key][data-url]")].filter((el) => el.offsetParent !== null);
  }

  function select(el) {
    if (selected && selected !== el) selected.classList.remove("is-selected");
    selected = el;
    if (!el) return;
    el.classList.add("is-selected");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  function step(delta) {
    const items = selectable();
    if (!items.length) return;
    const current = selected && document.contains(selected) ? items.indexOf(document.getElementById(selected.id) || selected) : -1;
    const next = current < 0 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, current + delta));
    select(items[next]);
  }

  function moveSelected(direction) {
    // The row holding focus (its drag handle, say) wins over the one picked with j/k.
    const focused = document.activeElement && document.activeElement.closest("tr[data-move-url]");
    const row = focused || (selected && document.getElementById(selected.id));
    if (!row || !row.dataset.moveUrl || !row.closest("[data-sortable=rows]")) return;
    const parent = row.parentElement;
    const index = [...parent.children].indexOf(row);
    if (direction < 0) {
      const previous = row.previousElementSibling;
      if (!previous) return;
      previous.before(row);
      moveRow(row, row.previousElementSibling, previous, () => putBack(row, parent, index));
    } else {
      const next = row.nextElementSibling;
      if (!next) return;
      next.after(row);
      moveRow(row, next, row.nextElementSibling, () => putBack(row, parent, index));
    }
  }

  const NOT_TYPING = ["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"];

  function isTyping(target) {
    if (!(target instanceof HTMLElement)) return false;
    if (target.isContentEditable || target.closest("textarea, select, [contenteditable]")) return true;
    return target instanceof HTMLInputElement && !NOT_TYPING.includes(target.type);
  }

  function focusField(id) {
    const field = document.getElementById(id);
    if (!field) return false;
    field.focus();
    field.select?.();
    return true;
  }

  document.addEventListener("keydown", (evt) => {
    if (evt.defaultPrevented || evt.ctrlKey || evt.metaKey || isTyping(evt.target)) return;
    if (document.querySelector(".modal.show")) return;
    if (evt.altKey) {
      if (evt.key === "ArrowUp" || evt.key === "ArrowDown") {
        evt.preventDefault();
        moveSelected(evt.key === "ArrowUp" ? -1 : 1);
      }
      return;
    }
    const now = Date.now();
    if (pendingG && now - pendingG < 1500 && jumpTarget(evt.key)) {
      pendingG = 0;
      evt.preventDefault(); // the letter after "g" is a jump, never an item shortcut
      // Follow the navigation's own link, so the shortcut goes where the menu goes.
      window.location.href = jumpTarget(evt.key).href;
      return;
    }
    pendingG = 0;
    switch (evt.key) {
      case "?":
        evt.preventDefault();
        bootstrap.Modal.getOrCreateInstance(document.getElementById("shortcuts")).show();
        break;
      case "n":
        if (focusField("quick-add-text")) evt.preventDefault();
        break;
      case "/":
        if (focusField("f-text")) evt.preventDefault();
        break;
      case "j":
        evt.preventDefault();
        step(1);
        break;
      case "k":
        evt.preventDefault();
        step(-1);
        break;
      case "Enter":
        if (selected && document.contains(selected) && (evt.target === selected || evt.target === document.body)) {
          evt.preventDefault();
          window.location.href = selected.dataset.url;
        }
        break;
      case "g":
        pendingG = now;
        break;
      default:
    }
  });

  // --- behaviour named in the markup (the CSP allows no inline handlers) ----------------

  // <select data-autosubmit>: choosing a value submits its form.
  document.addEventListener("change", (evt) => {
    const field = evt.target;
    if (field instanceof Element && field.matches("[data-autosubmit]") && field.form) field.form.submit();
  });

  // <form data-reset-on-success="selector">: after a successful HTMX request, empty the
  // form and put the cursor back in the field the selector names.
  document.addEventListener("htmx:afterRequest", (evt) => {
    const form = evt.detail && evt.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-reset-on-success")) return;
    if (!evt.detail.successful) return;
    form.reset();
    const focus = form.getAttribute("data-reset-on-success");
    if (focus) form.querySelector(focus)?.focus();
  });

  // <form data-refresh-on-success="selector">: after a successful HTMX request, the element
  // the selector names reloads itself (it listens for "tandem:refresh", e.g. the planning body).
  document.addEventListener("htmx:afterRequest", (evt) => {
    const form = evt.detail && evt.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-refresh-on-success")) return;
    if (!evt.detail.successful) return;
    const target = document.querySelector(form.getAttribute("data-refresh-on-success"));
    if (target) htmx.trigger(target, "tandem:refresh");
  });

  // <button data-history-back>: the browser's Back, for error pages.
  document.addEventListener("click", (evt) => {
    if (evt.target instanceof Element && evt.target.closest("[data-history-back]")) window.history.back();
  });

  // What the item shortcuts (keys.js) build on: the selection j/k moves, and the toasts.
  window.Tandem = Object.assign(window.Tandem || {}, {
    select,
    step,
    selected: () => (selected && document.contains(selected) ? selected : null),
    selectable,
    isTyping,
    showToast,
  });

  // Clicking a row selects it, so j/k and Alt+arrows carry on from there.
  document.addEventListener("click", (evt) => {
    const row = evt.target.closest && evt.target.closest("main [data-key][data-url]");
    if (row && !evt.target.closest("a, button, input, select, textarea, label")) select(row);
  });
})();
