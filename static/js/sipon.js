// Sipon: small progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  // htmx requests carry the CSRF token from the meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
  // Buttons that copy a value (e.g. the application number) to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      button.setAttribute("data-copied", "1");
    });
  });
})();
