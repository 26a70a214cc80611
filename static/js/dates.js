// Date boxes (<input data-date>, core.forms.DateInput): typed as dd/mm/yyyy whatever the
// browser's language. Adds the slashes while typing and turns "07122026" into "07/12/2026"
// when the box is left; a slash typed by hand after an added one is not doubled. Without this
// script the box still takes 07/12/2026 typed by hand.
(function () {
  "use strict";
  function isDateBox(el) {
    return el && el.tagName === "INPUT" && el.hasAttribute("data-date");
  }
  document.addEventListener("input", function (event) {
    var el = event.target;
    if (!isDateBox(el) || event.inputType !== "insertText") { return; }
    var value = el.value;
    // only when typing at the end, so that editing inside the box is left alone
    if (el.selectionStart !== value.length) { return; }
    // the slash typed by hand right after the one added here: keep one, not "20//11"
    if (event.data === "/" && /\/\/$/.test(value)) {
      el.value = value.slice(0, -1);
      return;
    }
    if (/^\d{2}$/.test(value) || /^\d{1,2}\/\d{2}$/.test(value)) {
      el.value = value + "/";
    }
  });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!isDateBox(el)) { return; }
    var digits = /^(\d{2})(\d{2})(\d{4})$/.exec(el.value.trim());
    if (digits) { el.value = digits[1] + "/" + digits[2] + "/" + digits[3]; }
  }, true);
})();
