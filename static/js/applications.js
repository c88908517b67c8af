// Applications: small enhancements. Every page works without this file.
(function () {
  "use strict";
  // Upload a document as soon as it is chosen (htmx submits the form; without htmx the button does).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-autoupload]")) { return; }
    if (!input.files || input.files.length === 0) { return; }
    var form = input.form;
    if (form && window.htmx) { window.htmx.trigger(form, "submit"); }
  });
  // Verification desk shortcuts: a approve, r return, t reject, n next file, d first document.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var el = document.querySelector('[data-shortcut="' + event.key.toLowerCase() + '"]');
    if (!el) { return; }
    event.preventDefault();
    if (el.tagName === "INPUT" && (el.type === "radio" || el.type === "checkbox")) {
      el.checked = true;
      el.dispatchEvent(new Event("change", { bubbles: true }));
      el.focus();
    } else {
      el.click();
    }
  });
})();
