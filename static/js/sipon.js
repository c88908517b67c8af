// Sipon: small progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  // htmx requests carry the CSRF token from the meta tag.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRFToken"] = meta.content; }
  });
  // htmx on demand (apps/core/templatetags/assets.py): loaded at the first touch, key or focus; a file
  // chosen for auto-upload (data-autoupload) before it arrived is sent once it has.
  var onDemand = document.querySelector("[data-htmx-src]");
  var htmxScript = null;
  var kinds = ["pointerdown", "keydown", "focusin"];
  function loadHtmx(then) {
    if (window.htmx) { if (then) { then(); } return; }
    if (!htmxScript) {
      kinds.forEach(function (kind) { document.removeEventListener(kind, onFirstUse, true); });
      htmxScript = document.createElement("script");
      htmxScript.src = onDemand.getAttribute("data-htmx-src");
      document.head.appendChild(htmxScript);
    }
    if (then) { htmxScript.addEventListener("load", then); }
  }
  function onFirstUse() { loadHtmx(null); }
  if (onDemand && !window.htmx) {
    // A page that only polls slowly (data-htmx-after, in ms) fetches htmx that long after it has loaded.
    var after = parseInt(onDemand.getAttribute("data-htmx-after") || "", 10);
    if (after >= 0) {
      window.addEventListener("load", function () { window.setTimeout(function () { loadHtmx(null); }, after); });
    }
    kinds.forEach(function (kind) { document.addEventListener(kind, onFirstUse, true); });
    document.addEventListener("change", function (event) {
      var input = event.target;
      if (window.htmx || !input.matches || !input.matches("input[type=file][data-autoupload]") || !input.form) { return; }
      loadHtmx(function () { window.htmx.trigger(input.form, "submit"); });
    });
  }
  // A kecamatan select (data-villages-url) replaces the village select with that kecamatan's villages;
  // only the answer to the latest choice is shown. Without JavaScript the full grouped list stays.
  var villagesAsked = 0;
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.hasAttribute || !select.hasAttribute("data-villages-url") || !window.fetch) { return; }
    var asked = ++villagesAsked;
    var url = select.getAttribute("data-villages-url") + "?district=" + encodeURIComponent(select.value);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      var current = document.getElementById("id_village");
      if (html && current && asked === villagesAsked) { current.outerHTML = html; }
    });
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
