// The evaluation grid (templates/recognition/meeting_results.html): a live total and
// "Đạt" / "Chưa đạt" per row by the rule whose numbers the page carries in data attributes
// (the server judges again when the form is saved), each input checked against its limits,
// and on a phone one household at a time with "Trước" / "Sau" and a counter ("Hộ 3/24").
(function () {
  "use strict";
  var form = document.querySelector("form[data-evaluation-grid]");
  if (!form) { return; }
  var d = form.dataset;
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-grid-row]"));
  var attending = parseInt(d.attending, 10) || 0;
  var agreement = parseInt(d.agreement, 10) || 0;
  var passMark = parseInt(d.passMark, 10);
  var passMarkPoor = parseInt(d.passMarkPoor, 10);

  // a whole number written in digits, or null; "" stays ""
  function number(input) {
    var text = input.value.trim();
    if (text === "") { return ""; }
    return /^\d+$/.test(text) ? parseInt(text, 10) : null;
  }

  function errorBox(input) {
    return document.getElementById(input.id + "-error");
  }

  // the browser's check of one number input against its min and max, in the server's words
  function checkInput(input) {
    var value = number(input);
    var max = parseInt(input.getAttribute("max"), 10);
    var bad = value === null || (value !== "" && (value < 0 || value > max));
    var box = errorBox(input);
    if (bad) {
      input.classList.add("is-invalid");
      input.setAttribute("aria-invalid", "true");
      // the server's message about this value stays until the value is changed
      if (box && (input.dataset.edited || !box.textContent.trim())) {
        box.textContent = input.dataset.rangeError || "";
        input.setAttribute("aria-describedby", box.id);
      }
    } else if (input.dataset.edited) {
      // what the server said about the old value no longer applies
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
      if (box) { box.textContent = ""; }
    }
    return bad ? null : value;
  }

  function judge(row) {
    var votesInput = row.querySelector("input[data-votes]");
    var votes = checkInput(votesInput);
    var poor = row.querySelector("input[data-poor]");
    var invalid = votes === null;
    var missing = false;
    var total = 0;
    var outOf = 0;
    row.querySelectorAll("input[data-kind='scored']").forEach(function (input) {
      var value = checkInput(input);
      outOf += parseInt(input.getAttribute("max"), 10) || 0;
      if (value === null) { invalid = true; } else if (value === "") { missing = true; } else { total += value; }
    });
    var totalBox = row.querySelector("[data-grid-total]");
    if (totalBox) { totalBox.textContent = total + "/" + outOf; }
    var meets;
    if (d.rule === "score") {
      var mark = poor && poor.checked && !isNaN(passMarkPoor) ? passMarkPoor : passMark;
      // every standard also reaches the set's floor of its own maximum (data-floor, in %)
      var floor = parseInt(d.floor, 10) || 0;
      meets = total >= mark;
      row.querySelectorAll("input[data-kind='scored']").forEach(function (input) {
        var value = number(input);
        meets = meets && (value === "" || value === null || value * 100 >= (parseInt(input.getAttribute("max"), 10) || 0) * floor);
      });
    } else {
      meets = true;
      row.querySelectorAll("input[data-kind='condition']").forEach(function (box) { meets = meets && box.checked; });
      row.querySelectorAll("input[data-kind='exclusion']").forEach(function (box) { meets = meets && !box.checked; });
    }
    var status = row.querySelector("[data-grid-status]");
    var state;
    if (invalid || (votes !== "" && missing)) {
      state = "invalid";
    } else if (votes === "") {
      state = "blank";
    } else {
      state = meets && votes * 100 >= attending * agreement ? "pass" : "fail";
    }
    status.textContent = d["text" + state.charAt(0).toUpperCase() + state.slice(1)];
    status.className = "grid-status is-" + state;
    status.dataset.state = state;
  }

  rows.forEach(function (row) {
    judge(row);
    row.addEventListener("input", function (event) {
      event.target.dataset.edited = "1";
      judge(row);
    });
    row.addEventListener("change", function () { judge(row); });
  });

  // -- one row at a time on a phone (the stylesheet hides the others under 576 px) ---------
  if (!rows.length) { return; }
  var counter = form.querySelector("[data-grid-counter]");
  var prev = form.querySelector("[data-grid-prev]");
  var next = form.querySelector("[data-grid-next]");
  var current = -1;

  function show(index, focus) {
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0) { rows[current].classList.remove("is-current"); }
    current = index;
    rows[current].classList.add("is-current");
    counter.textContent = d.subject + " " + (current + 1) + "/" + rows.length;
    prev.disabled = current === 0;
    next.disabled = current === rows.length - 1;
    if (focus) { rows[current].focus({ preventScroll: false }); }
  }

  function indexOf(id) {
    for (var i = 0; i < rows.length; i++) { if (rows[i].id === id) { return i; } }
    return -1;
  }

  var start = indexOf(window.location.hash.slice(1));
  if (start < 0) { start = rows.findIndex(function (row) { return row.classList.contains("has-error"); }); }
  form.classList.add("grid-paged");
  show(start < 0 ? 0 : start, false);

  prev.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  window.addEventListener("hashchange", function () {
    var i = indexOf(window.location.hash.slice(1));
    if (i >= 0) { show(i, true); }
  });
  form.querySelectorAll("[data-grid-goto]").forEach(function (link) {
    link.addEventListener("click", function () {
      var i = indexOf(link.dataset.gridGoto);
      if (i >= 0) { show(i, true); }
    });
  });
  // a field reached with the keyboard or a label brings its row into view
  form.addEventListener("focusin", function (event) {
    var row = event.target.closest("[data-grid-row]");
    if (row && row !== rows[current]) { show(rows.indexOf(row), false); }
  });
})();
