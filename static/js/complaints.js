// Complaints desk: choosing an answer template fills the message box (editable before sending).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select || select.id !== "answer-template") { return; }
    var option = select.options[select.selectedIndex];
    var target = document.getElementById(select.getAttribute("data-target"));
    if (option && target && option.getAttribute("data-body")) {
      target.value = option.getAttribute("data-body");
      target.focus();
    }
  });
})();
