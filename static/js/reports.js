// Report progress bar: the width comes from data-progress (no inline styles or scripts);
// htmx replaces #run-progress every second until the run finishes.
(function () {
  function paint(root) {
    (root || document).querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
      bar.style.width = bar.dataset.progress + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { paint(document); });
  document.body.addEventListener("htmx:afterSwap", function () { paint(document); });
  document.body.addEventListener("htmx:load", function (event) { paint(event.target); });
})();
