/* Shortcuts on the selected item, as Linear and Jira users expect them.
 *
 * tandem.js selects an item with j/k (or a click) on the board and in every list;
 * this module adds the arrows (and ←/→ between the board's columns) and acts on the
 * selection: s sets the status, a assigns it, e estimates it. Each opens a small
 * picker; typing filters it, ↑/↓ choose, Enter applies, Esc closes.
 *
 * A change goes through the page's own endpoints, so rights, versions and stale
 * edits hold as they do for a click: a row's or a card's own menu when it has one
 * (its change event posts as a pick with the mouse would), else the item's edit URL
 * (data-update-url) with the version the page read (data-version). Refusals come
 * back as the usual toasts.
 */
(function () {
  "use strict";

  const T = window.Tandem;
  if (!T || !window.htmx) return;

  // The workflow and the story-point scale, as the server declares them
  // (tests/web/test_keyboard.py keeps these in step with backlog.models.Status
  // and core.stories.STORY_POINT_SCALE).
  const STATUSES = [
    ["new", "New"],
    ["ready", "Ready"],
    ["in_progress", "In progress"],
    ["done", "Done"],
    ["accepted", "Accepted"],
  ];
  const POINTS = [0, 1, 2, 3, 5, 8, 13, 21];

  let picker = null; // the open picker: { root, input, list, options, shown, active, apply, item }
  let reselectKey = null; // after a swap, select the item with this key again
  const people = {}; // product key -> Promise of [{value, label}]

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function keyOf(item) { return item.dataset.key || ""; }
  function productOf(item) { return keyOf(item).replace(/-\d+$/, ""); }
  function ownSelect(item, name) {
    if (name === "status") return item.querySelector("select[name=status], select[data-card-status]");
    return item.querySelector(`select[name=${name}]`);
  }
  function isCard(item) { return item.matches(".board-card"); }

  // --- pickers ---------------------------------------------------------------------------

  function closePicker(refocus) {
    if (!picker) return;
    const item = picker.item;
    picker.root.remove();
    picker = null;
    if (refocus && document.contains(item)) item.focus({ preventScroll: true });
  }

  function drawPicker() {
    const query = picker.input.value.trim().toLowerCase();
    picker.shown = picker.options.filter((o) => !query || o.label.toLowerCase().includes(query) || String(o.value).toLowerCase().startsWith(query));
    // "5" picks 5 points, not 13 or 21 first: options starting with what was typed lead.
    picker.shown.sort((a, b) => Number(!a.label.toLowerCase().startsWith(query)) - Number(!b.label.toLowerCase().startsWith(query)));
    if (picker.active >= picker.shown.length) picker.active = 0;
    picker.list.replaceChildren();
    picker.shown.forEach((option, index) => {
      const row = el("li", "list-group-item list-group-item-action py-1 px-2 small kbd-option" + (index === picker.active ? " active" : ""));
      row.id = `kbd-option-${index}`;
      row.setAttribute("role", "option");
      row.setAttribute("aria-selected", index === picker.active ? "true" : "false");
      row.append(el("span", "", option.label));
      if (option.current) row.append(el("span", "ms-2 small opacity-75", "current"));
      row.addEventListener("mousedown", (evt) => { evt.preventDefault(); choose(option); });
      picker.list.append(row);
    });
    if (picker.loading) picker.list.append(el("li", "list-group-item py-1 px-2 small text-body-secondary", "Loading people…"));
    else if (!picker.shown.length) picker.list.append(el("li", "list-group-item py-1 px-2 small text-body-secondary", "Nothing matches"));
    picker.input.setAttribute("aria-activedescendant", picker.shown.length ? `kbd-option-${picker.active}` : "");
  }

  function choose(option) {
    const { item, apply } = picker;
    closePicker(false);
    apply(item, option);
  }

  function openPicker(item, title, options, apply) {
    closePicker(false);
    const root = el("div", "kbd-picker card shadow");
    root.setAttribute("role", "dialog");
    root.setAttribute("aria-label", `${title} of ${keyOf(item)}`);
    const head = el("div", "card-header py-1 px-2 small d-flex gap-2");
    head.append(el("span", "fw-semibold", title), el("span", "text-body-secondary", keyOf(item)),
      el("span", "ms-auto text-body-secondary", "↑↓ Enter · Esc"));
    const input = el("input", "form-control form-control-sm rounded-0 border-0 border-bottom");
    input.type = "text";
    input.id = "kbd-picker-input";
    input.placeholder = "Type to filter";
    input.setAttribute("aria-label", `${title}: type to filter`);
    input.setAttribute("aria-controls", "kbd-picker-list");
    input.setAttribute("autocomplete", "off");
    const list = el("ul", "list-group list-group-flush kbd-list");
    list.id = "kbd-picker-list";
    list.setAttribute("role", "listbox");
    root.append(head, input, list);
    document.body.append(root);
    const box = item.getBoundingClientRect();
    root.style.top = `${window.scrollY + Math.min(box.bottom + 4, window.innerHeight - 280)}px`;
    root.style.left = `${window.scrollX + Math.max(8, Math.min(box.left, window.innerWidth - 300))}px`;
    const current = Math.max(0, options.findIndex((o) => o.current));
    picker = { root, input, list, options, shown: [], active: current, apply, item };
    input.addEventListener("input", () => { picker.active = 0; drawPicker(); });
    input.addEventListener("keydown", onPickerKey);
    input.addEventListener("blur", () => setTimeout(() => { if (picker && picker.root === root) closePicker(false); }, 150));
    drawPicker();
    input.focus();
  }

  function onPickerKey(evt) {
    if (!picker) return;
    const count = picker.shown.length;
    if (evt.key === "ArrowDown" || (evt.key === "n" && evt.ctrlKey)) {
      evt.preventDefault();
      if (count) picker.active = (picker.active + 1) % count;
      drawPicker();
    } else if (evt.key === "ArrowUp" || (evt.key === "p" && evt.ctrlKey)) {
      evt.preventDefault();
      if (count) picker.active = (picker.active - 1 + count) % count;
      drawPicker();
    } else if (evt.key === "Enter") {
      evt.preventDefault();
      if (count && !picker.loading) choose(picker.shown[picker.active]);
    } else if (evt.key === "Escape") {
      evt.preventDefault();
      evt.stopPropagation();
      closePicker(true);
    }
  }

  // --- applying a change through the page's own endpoints ----------------------------------

  function viaSelect(item, select, value) {
    reselectKey = keyOf(item);
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function refresh(item) {
    reselectKey = keyOf(item); // the item comes back as a new element: select that one
    const board = item.closest("#board-body");
    if (board) {
      // The board answers its body alone to a request aimed at it.
      const url = window.location.pathname + window.location.search;
      htmx.ajax("GET", url, { source: board, target: "#board-body", swap: "outerHTML" });
      return;
    }
    // A list: the page again, as a reload would show it, without losing the scroll.
    fetch(window.location.href, { headers: { Accept: "text/html" } })
      .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("main");
        const main = document.getElementById("main");
        if (!fresh || !main) return;
        main.replaceChildren(...fresh.childNodes);
        htmx.process(main);
        reselect();
      })
      .catch(() => T.showToast("Saved. Reload the page to see the change.", "secondary"));
  }

  function viaUpdate(item, values) {
    reselectKey = keyOf(item);
    const form = item.querySelector("form.inline-edit[hx-post]");
    if (form) {
      // A backlog row: its forms carry the version and how the fresh row comes back.
      const hidden = {};
      form.querySelectorAll("input[type=hidden]").forEach((input) => { hidden[input.name] = input.value; });
      htmx.ajax("POST", form.getAttribute("hx-post"), { source: item, target: item, swap: "outerHTML", values: Object.assign(hidden, values) });
      return;
    }
    const url = item.dataset.updateUrl;
    if (!url || !item.dataset.version) {
      const name = /^[A-Z][A-Z0-9]*-\d+$/.test(keyOf(item)) ? keyOf(item) : "it";
      T.showToast(`Open ${name} (Enter) to change it.`, "secondary");
      return;
    }
    const done = (evt) => {
      item.removeEventListener("htmx:afterRequest", done);
      if (evt.detail.successful) refresh(item);
    };
    item.addEventListener("htmx:afterRequest", done);
    htmx.ajax("POST", url, { source: item, swap: "none", values: Object.assign({ version: item.dataset.version }, values) });
  }

  function fromSelect(select) {
    return [...select.options].map((o) => ({ value: o.value, label: o.textContent.trim(), current: o.selected }));
  }

  function setStatus(item) {
    const select = ownSelect(item, "status");
    if (select) {
      openPicker(item, "Status", fromSelect(select), (it, o) => { if (o.value !== select.value) viaSelect(it, select, o.value); });
      return;
    }
    const current = item.dataset.status || "";
    const options = STATUSES.map(([value, label]) => ({ value, label, current: value === current }));
    openPicker(item, "Status", options, (it, o) => { if (o.value !== current) viaUpdate(it, { status: o.value }); });
  }

  function setEstimate(item) {
    const select = ownSelect(item, "estimate");
    if (select) {
      const options = fromSelect(select).map((o) => (o.value === "" ? Object.assign(o, { label: "No estimate" }) : o));
      openPicker(item, "Estimate", options, (it, o) => { if (o.value !== select.value) viaSelect(it, select, o.value); });
      return;
    }
    const current = item.dataset.estimate || "";
    const options = [{ value: "", label: "No estimate", current: current === "" }]
      .concat(POINTS.map((p) => ({ value: String(p), label: String(p), current: String(p) === current })));
    openPicker(item, "Estimate", options, (it, o) => { if (o.value !== current) viaUpdate(it, { estimate: o.value }); });
  }

  function membersOf(product) {
    if (!people[product]) {
      people[product] = fetch(`/api/v1/products/${encodeURIComponent(product)}/members`, { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
        .then((rows) => {
          const seen = new Set();
          return rows.filter((m) => !seen.has(m.email) && seen.add(m.email))
            .map((m) => ({ value: m.email, label: m.name && m.name !== m.email ? `${m.name} · ${m.email}` : m.email }));
        })
        .catch(() => { delete people[product]; return null; });
    }
    return people[product];
  }

  function assign(item) {
    // The picker opens at once, so what is typed while the people load filters them.
    const current = item.dataset.assignee || "";
    const unassigned = { value: "", label: "Unassigned", current: current === "" };
    const apply = (it, o) => { if (o.value !== current) viaUpdate(it, { assignee: o.value }); };
    openPicker(item, "Assign to", [unassigned], apply);
    const opened = picker;
    opened.loading = true;
    drawPicker();
    membersOf(productOf(item)).then((members) => {
      if (picker !== opened) return;
      if (!members) {
        closePicker(true);
        T.showToast("The people of this product could not be read. Reload and try again.");
        return;
      }
      picker.loading = false;
      picker.options = [unassigned].concat(members.map((m) => Object.assign({}, m, { current: m.value === current })));
      picker.active = Math.max(0, picker.options.findIndex((o) => o.current));
      drawPicker();
    });
  }

  // --- moving the selection --------------------------------------------------------------

  function sideways(item, direction) {
    // On the board, ←/→ go to the card at the same height in the next column with cards.
    const column = item.closest(".board-column");
    if (!column) return;
    const columns = [...document.querySelectorAll("#board-body .board-column")];
    const top = item.getBoundingClientRect().top;
    for (let i = columns.indexOf(column) + direction; i >= 0 && i < columns.length; i += direction) {
      const cards = [...columns[i].querySelectorAll(".board-card[data-url]")];
      if (!cards.length) continue;
      const nearest = cards.reduce((best, card) =>
        Math.abs(card.getBoundingClientRect().top - top) < Math.abs(best.getBoundingClientRect().top - top) ? card : best);
      T.select(nearest);
      return;
    }
  }

  const ACTIONS = { s: setStatus, a: assign, e: setEstimate };

  document.addEventListener("keydown", (evt) => {
    if (picker || evt.defaultPrevented || evt.ctrlKey || evt.metaKey || evt.altKey || T.isTyping(evt.target)) return;
    if (document.querySelector(".modal.show")) return;
    const item = T.selected();
    const onItem = item && (evt.target === item || evt.target === document.body || item.contains(evt.target));
    if (ACTIONS[evt.key]) {
      if (!item) {
        if (T.selectable().length) T.showToast("Select an item first: j / k or a click.", "secondary");
        return;
      }
      evt.preventDefault();
      ACTIONS[evt.key](item);
    } else if ((evt.key === "ArrowDown" || evt.key === "ArrowUp") && onItem) {
      evt.preventDefault();
      T.step(evt.key === "ArrowDown" ? 1 : -1);
    } else if ((evt.key === "ArrowLeft" || evt.key === "ArrowRight") && onItem && isCard(item)) {
      evt.preventDefault();
      sideways(item, evt.key === "ArrowRight" ? 1 : -1);
    } else if (evt.key === "Escape" && item) {
      item.classList.remove("is-selected");
      item.blur();
      T.select(null);
    }
  });

  function reselect() {
    if (!reselectKey) return;
    const again = T.selectable().find((node) => node.dataset.key === reselectKey);
    // Still the element that was selected: the fresh one has not arrived yet.
    if (!again || again === T.selected()) return;
    reselectKey = null;
    T.select(again);
  }

  // After a change re-renders the item, keep it selected so the next key acts on it.
  document.addEventListener("htmx:afterSettle", reselect);
})();
