// The bell counts again when the person comes back to the tab, not only once a minute.
(function () {
  "use strict";
  document.addEventListener("visibilitychange", function () {
    var badge = document.getElementById("bell-badge");
    if (document.visibilityState === "visible" && badge && window.htmx) {
      window.htmx.trigger(badge, "bell-refresh");
    }
  });
})();
