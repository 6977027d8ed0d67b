/* Re-plan on the roadmap's timeline: drag a bar to move it, drag an end to change that date.
 *
 * The change goes to the initiative's API with the version the page read (If-Match), so the
 * rights hold: the Product Manager's lands (200), the Product Owner's becomes a proposal
 * (202), a stale one is refused (409). Keyboard: Shift+arrows move a focused bar,
 * Shift+Alt+arrows change its end, Enter saves, Escape cancels.
 */
(function () {
  "use strict";
  const DAY = 86400000;
  const EDGE_PX = 8;
  const STEP_DAYS = { months: 7, quarters: 30, years: 91 };
  const csrf = document.querySelector("meta[name=csrf-token]");

  function parse(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function shown(ms) {
    return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }
  function toast(message, tone) {
    if (window.tandemToast) window.tandemToast(message, tone);
  }
  function say(message) {
    const status = document.getElementById("timeline-status");
    if (status) status.textContent = message;
  }

  function editor() { return document.getElementById("timeline-editor"); }

  // Percent of the track for a day, as the server placed it.
  function place(bar, starts, ends) {
    const box = editor();
    const origin = parse(box.dataset.starts);
    const span = Number(box.dataset.days);
    const left = (100 * (starts - origin)) / DAY / span;
    const right = (100 * (ends + DAY - origin)) / DAY / span;
    bar.style.left = left.toFixed(2) + "%";
    bar.style.width = Math.max(0.5, right - left).toFixed(2) + "%";
    bar.dataset.newStarts = iso(starts);
    bar.dataset.newEnds = iso(ends);
    const changed = bar.dataset.newStarts !== bar.dataset.starts || bar.dataset.newEnds !== bar.dataset.ends;
    bar.classList.toggle("changed", changed);
    say(`${bar.dataset.title}: ${shown(starts)} to ${shown(ends)}${changed ? " (not saved)" : ""}`);
  }

  function reset(bar) { place(bar, parse(bar.dataset.starts), parse(bar.dataset.ends)); }

  function refresh(focusId) {
    return htmx.ajax("GET", window.location.href, { target: "#timeline", select: "#timeline", swap: "outerHTML" })
      .then(() => {
        const bar = focusId && document.querySelector(`#timeline-editor .timeline-bar[data-id="${focusId}"]`);
        if (bar) bar.focus();
      });
  }

  function save(bar) {
    const starts = bar.dataset.newStarts;
    const ends = bar.dataset.newEnds;
    if (!starts || (starts === bar.dataset.starts && ends === bar.dataset.ends)) return;
    const id = bar.dataset.id;
    fetch(editor().dataset.api + id, {
      method: "PATCH",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "If-Match": `"${bar.dataset.version}"`,
        "X-CSRFToken": csrf ? csrf.content : "",
      },
      body: JSON.stringify({ starts_on: starts, ends_on: ends }),
    }).then((response) => response.json().catch(() => ({})).then((data) => {
      if (response.status === 200) {
        toast(`${bar.dataset.title}: now ${shown(parse(starts))} to ${shown(parse(ends))}.`, "success");
        refresh(id);
      } else if (response.status === 202) {
        toast("Sent to the Product Manager as a proposal; the timeline is unchanged.", "info");
        reset(bar);
      } else if (response.status === 409) {
        toast("Someone changed this initiative meanwhile: the timeline shows their version. Try again.", "warning");
        refresh(id);
      } else {
        toast(data.detail || `The server answered ${response.status}.`);
        reset(bar);
      }
    })).catch(() => {
      toast("Tandem could not be reached. Check your connection and try again.");
      reset(bar);
    });
  }

  // --- the pointer ------------------------------------------------------------------------

  let drag = null;

  function onDown(evt) {
    const bar = evt.target.closest && evt.target.closest("#timeline-editor .timeline-bar");
    if (!bar || evt.button !== 0) return;
    const rect = bar.getBoundingClientRect();
    let mode = "move";
    if (evt.clientX - rect.left <= EDGE_PX) mode = "start";
    else if (rect.right - evt.clientX <= EDGE_PX) mode = "end";
    const track = bar.parentElement.getBoundingClientRect();
    drag = {
      bar, mode, x: evt.clientX, moved: false,
      dayPx: track.width / Number(editor().dataset.days),
      starts: parse(bar.dataset.starts), ends: parse(bar.dataset.ends),
    };
    bar.setPointerCapture(evt.pointerId);
    bar.classList.add("dragging");
    evt.preventDefault();
  }

  function onMove(evt) {
    if (!drag) return;
    const days = Math.round((evt.clientX - drag.x) / drag.dayPx);
    if (Math.abs(evt.clientX - drag.x) > 3) drag.moved = true;
    let starts = drag.starts;
    let ends = drag.ends;
    if (drag.mode !== "end") starts += days * DAY;
    if (drag.mode !== "start") ends += days * DAY;
    if (ends < starts) { if (drag.mode === "start") starts = ends; else ends = starts; }
    place(drag.bar, starts, ends);
  }

  function onUp() {
    if (!drag) return;
    const { bar, moved } = drag;
    bar.classList.remove("dragging");
    drag = null;
    if (moved) save(bar);
  }

  // A click that ended a drag must not follow a link underneath.
  function onClick(evt) {
    if (evt.target.closest && evt.target.closest("#timeline-editor .timeline-bar.changed")) evt.preventDefault();
  }

  // --- the keyboard -----------------------------------------------------------------------

  function onKey(evt) {
    const bar = evt.target.closest && evt.target.closest("#timeline-editor .timeline-bar");
    if (!bar) return;
    if (evt.key === "Enter") { evt.preventDefault(); save(bar); return; }
    if (evt.key === "Escape") { evt.preventDefault(); reset(bar); return; }
    if (!evt.shiftKey || (evt.key !== "ArrowLeft" && evt.key !== "ArrowRight")) return;
    evt.preventDefault();
    const zoom = editor().closest("[data-zoom]").dataset.zoom;
    const step = (evt.key === "ArrowLeft" ? -1 : 1) * (STEP_DAYS[zoom] || 7) * DAY;
    let starts = parse(bar.dataset.newStarts || bar.dataset.starts);
    let ends = parse(bar.dataset.newEnds || bar.dataset.ends);
    if (evt.altKey) ends = Math.max(starts, ends + step);
    else { starts += step; ends += step; }
    place(bar, starts, ends);
  }

  document.addEventListener("pointerdown", onDown);
  document.addEventListener("pointermove", onMove);
  document.addEventListener("pointerup", onUp);
  document.addEventListener("pointercancel", onUp);
  document.addEventListener("click", onClick, true);
  document.addEventListener("keydown", onKey);
})();
