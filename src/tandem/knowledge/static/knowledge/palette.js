// The command palette: Ctrl/Cmd+K on any page jumps to an item by key, to a page of the
// product (the menu's own links), to a search result, or asks a question.
(function () {
  "use strict";
  const box = document.getElementById("search-box");
  if (!box) return;
  const product = box.dataset.product || "";
  const csrf = document.querySelector('meta[name="csrf-token"]');
  const KEY = /^\s*([A-Za-z][A-Za-z0-9]{1,9}-\d+)\s*$/;
  let modal = null, input = null, list = null, answer = null, entries = [], selected = 0, timer = 0;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build() {
    const root = el("div", "modal fade");
    root.id = "palette"; root.tabIndex = -1;
    root.setAttribute("aria-label", "Command palette");
    const dialog = el("div", "modal-dialog modal-lg modal-dialog-scrollable");
    const content = el("div", "modal-content");
    const body = el("div", "modal-body");
    input = el("input", "form-control");
    input.type = "search"; input.id = "palette-input";
    input.placeholder = product ? "Jump to an item key, a page, search " + product + " or ask a question"
                                : "Jump to an item key, a page, or search";
    input.setAttribute("aria-label", "Search, jump or ask");
    input.setAttribute("aria-controls", "palette-list");
    list = el("div", "list-group list-group-flush mt-2");
    list.id = "palette-list"; list.setAttribute("role", "listbox");
    answer = el("div", "mt-2 small"); answer.id = "palette-answer"; answer.setAttribute("aria-live", "polite");
    body.append(input, answer, list); content.append(body); dialog.append(content); root.append(dialog);
    document.body.append(root);
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refresh, 150); });
    input.addEventListener("keydown", onKey);
    root.addEventListener("shown.bs.modal", function () { input.focus(); input.select(); });
    return new bootstrap.Modal(root);
  }

  function pages(query) {
    const q = query.toLowerCase();
    const seen = new Set();
    return Array.from(document.querySelectorAll("#main-menu a.nav-link[href], #main-menu a.dropdown-item[href]"))
      .filter(function (a) { return a.getAttribute("href") !== "#" && a.textContent.toLowerCase().includes(q); })
      .filter(function (a) { const h = a.getAttribute("href"); if (seen.has(h)) return false; seen.add(h); return true; })
      .slice(0, 5)
      .map(function (a) { return { label: "Go to " + a.textContent.trim(), hint: "page", url: a.getAttribute("href") }; });
  }

  function draw() {
    list.replaceChildren();
    entries.forEach(function (entry, index) {
      const row = el(entry.url ? "a" : "button", "list-group-item list-group-item-action palette-entry" + (index === selected ? " active" : ""));
      if (entry.url) row.href = entry.url; else row.type = "button";
      row.setAttribute("role", "option");
      row.setAttribute("aria-selected", index === selected ? "true" : "false");
      row.append(el("span", "fw-semibold", entry.label), el("span", "badge text-bg-light ms-2", entry.hint));
      if (entry.snippet) { const s = el("div", "small text-body-secondary"); s.innerHTML = entry.snippet; row.append(s); }
      row.addEventListener("click", function (event) { if (entry.run) { event.preventDefault(); entry.run(); } });
      list.append(row);
    });
  }

  function refresh() {
    const query = input.value.trim();
    answer.replaceChildren();
    entries = [];
    selected = 0;
    if (!query) { draw(); return; }
    const key = KEY.exec(query);
    if (key) entries.push({ label: "Open " + key[1].toUpperCase(), hint: "item", url: "/items/" + key[1].toUpperCase() + "/" });
    entries = entries.concat(pages(query));
    if (product) entries.push({ label: "Ask: " + query, hint: "ask " + product, run: function () { ask(query); } });
    entries.push({ label: "See every result for “" + query + "”", hint: "search",
                   url: box.getAttribute("action") + "?" + new URLSearchParams({ q: query, product: product }) });
    draw();
    const params = new URLSearchParams({ q: query, limit: "8" });
    if (product) params.set("product", product);
    fetch("/api/v1/search?" + params, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) {
        if (input.value.trim() !== query) return;
        const found = data.results.map(function (r) {
          return { label: (r.key ? r.key + " · " : "") + r.title, hint: r.kind.replace("_", " "), url: r.url || null, snippet: r.snippet };
        });
        const head = entries.filter(function (e) { return e.hint === "item" || e.hint === "page"; });
        const tail = entries.filter(function (e) { return !(e.hint === "item" || e.hint === "page"); });
        entries = head.concat(found, tail);
        draw();
      });
  }

  function ask(question) {
    answer.replaceChildren(el("span", "text-body-secondary", "Looking it up…"));
    fetch("/api/v1/ask", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf ? csrf.content : "" },
      body: JSON.stringify({ question: question, product: product }),
    }).then(function (r) { return r.json(); }).then(function (data) {
      answer.replaceChildren();
      const card = el("div", "border rounded p-2 bg-body-tertiary");
      card.id = "palette-answer-text";
      card.append(el("p", "mb-1", data.answer || data.detail || "No answer."));
      const sources = el("ol", "mb-0");
      (data.sources || []).forEach(function (s) {
        const li = el("li");
        const link = el(s.url ? "a" : "span", "", (s.key ? s.key + " · " : "") + s.title);
        if (s.url) link.href = s.url;
        li.append(link);
        sources.append(li);
      });
      card.append(sources);
      answer.append(card);
    });
  }

  function onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!entries.length) return;
      selected = (selected + (event.key === "ArrowDown" ? 1 : entries.length - 1)) % entries.length;
      draw();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const entry = entries[selected];
      if (!entry) return;
      if (entry.run) entry.run(); else if (entry.url) window.location.assign(entry.url);
    }
  }

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && (event.key === "k" || event.key === "K")) {
      event.preventDefault();
      if (!modal) modal = build();
      modal.show();
    }
  });
})();
