/* The executive report's toolbar: print without an inline handler (the page's CSP forbids them). */
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
