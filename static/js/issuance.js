// Pickup desk: show the proxy fields only when "Kuasa" is chosen (all fields stay usable without JS).
(function () {
  "use strict";
  function sync(form) {
    var proxy = form.querySelector('input[name="recipient_kind"][value="proxy"]');
    var fields = form.querySelector("[data-proxy-fields]");
    if (proxy && fields) { fields.hidden = !proxy.checked; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-handover]").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function () { sync(form); });
    });
  });
})();
