// The yearly form (templates/campaign/submission_form.html): every field is checked and saved
// as it is left, and the page always says what was saved and what was not. Nothing typed is
// dropped without a word: a failed save (network, server error, session ended) is said and
// retried, a conflict with another editor shows both sides, and leaving with unsaved changes
// warns. No inline script: the content security policy forbids them.
(function () {
  "use strict";

  var RETRY_SECONDS = [3, 10, 30, 60];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // -- links to an indicator (#row-code) open its tab first ----------------------------------
  function showRow(id) {
    var row = document.getElementById(id);
    if (!row) { return false; }
    var pane = row.closest(".tab-pane");
    var button = pane && document.querySelector('[data-bs-target="#' + pane.id + '"]');
    if (button && window.bootstrap) { window.bootstrap.Tab.getOrCreateInstance(button).show(); }
    row.scrollIntoView({ block: "center" });
    var field = row.querySelector("input:not([disabled]), textarea:not([disabled]), select:not([disabled])");
    if (field) { field.focus({ preventScroll: true }); }
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#row-"]');
    if (link && showRow(link.getAttribute("href").slice(1))) { event.preventDefault(); }
  });
  if (location.hash.indexOf("#row-") === 0) { showRow(location.hash.slice(1)); }

  var form = document.getElementById("submission-form");
  if (!form || !form.dataset.autosaveUrl) { return; }

  var url = form.dataset.autosaveUrl;
  var statusEl = document.getElementById("save-status");
  var versionEl = document.getElementById("version");
  var conflictEl = document.getElementById("conflict-panel");
  var summaryEl = document.getElementById("check-summary");
  var dirty = {};        // field name -> true: typed since it was last sent
  var inFlight = null;   // field name -> value, being sent
  var halted = false;    // a conflict or a lock: no more automatic saves
  var timer = null;
  var retryTimer = null;
  var failures = 0;
  var afterSave = [];    // callbacks waiting for everything to be saved

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function pendingCount() {
    return Object.keys(dirty).length + (inFlight ? Object.keys(inFlight).length : 0);
  }

  // -- the status line ------------------------------------------------------------------------
  function say(text, kind, withRetry) {
    statusEl.textContent = "";
    statusEl.className = "save-status small save-" + (kind || "info");
    statusEl.appendChild(el("span", "", text));
    if (withRetry) {
      var button = el("button", "btn btn-link btn-sm p-0 ms-2 align-baseline", "Thử lại ngay");
      button.type = "button";
      button.addEventListener("click", function () { failures = 0; saveNow(); });
      statusEl.appendChild(button);
    }
  }

  // -- a field's marks: red for errors, amber for warnings, the messages under it --------------
  function mark(code, errors, warnings) {
    var row = document.getElementById("row-" + code);
    var feedback = document.getElementById("fb_" + code);
    var input = form.elements["v_" + code];
    if (!row || !feedback) { return; }
    feedback.textContent = "";
    errors.forEach(function (message) { feedback.appendChild(el("div", "invalid-feedback d-block", message)); });
    warnings.forEach(function (message) { feedback.appendChild(el("div", "warning-feedback", "⚠ " + message)); });
    if (input && input.classList) {
      input.classList.toggle("is-invalid", errors.length > 0);
      input.classList.toggle("is-warning", errors.length === 0 && warnings.length > 0);
      if (errors.length) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
    }
    row.dataset.errors = String(errors.length);
    row.dataset.warnings = String(warnings.length);
  }

  // the summary at the top and each tab's badges, from the marks of every row
  function refreshSummary() {
    var tabs = {};
    var errors = 0;
    var warnings = 0;
    var list = summaryEl.querySelector("[data-summary-list]");
    list.textContent = "";
    document.querySelectorAll(".result-row").forEach(function (row) {
      var tab = tabs[row.dataset.tab] || (tabs[row.dataset.tab] = { errors: 0, warnings: 0 });
      var e = Number(row.dataset.errors || 0);
      var w = Number(row.dataset.warnings || 0);
      if (!e && !w) { return; }
      if (e) { errors += 1; tab.errors += 1; } else { warnings += 1; tab.warnings += 1; }
      var item = el("li", e ? "text-danger" : "text-warning-emphasis");
      var link = el("a", "", row.dataset.label);
      link.href = "#" + row.id;
      item.appendChild(link);
      item.appendChild(document.createTextNode(e ? " — lỗi" : " — cảnh báo"));
      list.appendChild(item);
    });
    var parts = [];
    if (errors) { parts.push(errors + " chỉ tiêu có lỗi (phải sửa trước khi nộp)."); }
    if (warnings) { parts.push(warnings + " chỉ tiêu có cảnh báo (cần ghi giải trình)."); }
    summaryEl.querySelector("[data-summary-text]").textContent = parts.join(" ");
    summaryEl.hidden = parts.length === 0;
    document.querySelectorAll("[data-tab-badges]").forEach(function (holder) {
      var counts = tabs[holder.dataset.tabBadges] || { errors: 0, warnings: 0 };
      var e = holder.querySelector("[data-errors]");
      var w = holder.querySelector("[data-warnings]");
      e.hidden = !counts.errors;
      e.textContent = counts.errors ? counts.errors + " lỗi" : "";
      w.hidden = !counts.warnings;
      w.textContent = counts.warnings ? counts.warnings + " cảnh báo" : "";
    });
  }

  // -- numbers: the shape is checked at once, everything else by the server --------------------
  var WORDS = ["có", "co", "x", "yes", "true", "không", "khong", "no", "false"];
  function looksLikeNumber(raw) {
    var text = raw.replace(/[\s\u00a0\u202f\u2009]+/g, "").replace(/\u2212/g, "-");
    if (text === "" || WORDS.indexOf(text.toLowerCase()) >= 0) { return true; }
    text = text.replace(/%$/, "");
    return text.length <= 60 && /^[+-]?[0-9.,]+$/.test(text);
  }

  // -- saving -----------------------------------------------------------------------------------
  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(saveNow, delay);
  }

  // what was being sent is pending again (typed since or not, it is not saved)
  function restore(sent) {
    Object.keys(sent).forEach(function (name) { dirty[name] = true; });
  }

  function settle(ok) {
    if (pendingCount() === 0 || !ok) {
      var waiting = afterSave;
      afterSave = [];
      waiting.forEach(function (callback) { callback(ok && pendingCount() === 0); });
    }
  }

  function failed(why) {
    restore(inFlight || {});
    inFlight = null;
    var seconds = RETRY_SECONDS[Math.min(failures, RETRY_SECONDS.length - 1)];
    failures += 1;
    say("Chưa lưu được " + Object.keys(dirty).length + " thay đổi: " + why +
        " Những gì bạn nhập vẫn còn trên trang; tự thử lại sau " + seconds + " giây.", "error", true);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(saveNow, seconds * 1000);
    settle(false);
  }

  function showConflict(data) {
    var info = data.conflict;
    halted = true;
    conflictEl.textContent = "";
    conflictEl.appendChild(el("h2", "h6", "Có người khác vừa lưu báo cáo này"));
    conflictEl.appendChild(el("p", "mb-2", info.by + " đã lưu lúc " + info.at +
        ". Thay đổi của bạn chưa được lưu và chưa ghi đè lên ai. So sánh:"));
    if (info.fields.length) {
      var table = el("table", "table table-sm mb-2");
      var head = table.createTHead().insertRow();
      ["Chỉ tiêu", "Bạn nhập", "Bản đã lưu của " + info.by].forEach(function (text) {
        var th = el("th", "", text);
        th.scope = "col";
        head.appendChild(th);
      });
      var body = table.createTBody();
      info.fields.forEach(function (f) {
        var tr = body.insertRow();
        tr.insertCell().textContent = f.label + (f.kind === "note" ? " (giải trình)" : "");
        tr.insertCell().textContent = f.yours || "(trống)";
        tr.insertCell().textContent = f.theirs || "(trống)";
      });
      var wrap = el("div", "table-responsive");
      wrap.appendChild(table);
      conflictEl.appendChild(wrap);
    } else {
      conflictEl.appendChild(el("p", "mb-2", "Giá trị bạn nhập trùng với bản đã lưu."));
    }
    var keep = el("button", "btn btn-sm btn-danger me-2", "Lưu giá trị của tôi đè lên");
    keep.type = "button";
    keep.addEventListener("click", function () {
      versionEl.value = String(info.version);
      halted = false;
      conflictEl.hidden = true;
      saveNow();
    });
    var reload = el("button", "btn btn-sm btn-outline-secondary", "Bỏ thay đổi của tôi, tải bản mới nhất");
    reload.type = "button";
    reload.addEventListener("click", function () {
      dirty = {};
      window.location.reload();
    });
    conflictEl.appendChild(keep);
    conflictEl.appendChild(reload);
    conflictEl.hidden = false;
    say("Chưa lưu: " + info.by + " vừa lưu báo cáo này. Xem bảng so sánh phía trên.", "error");
    settle(false);
  }

  function succeeded(data) {
    failures = 0;
    var sent = inFlight || {};
    inFlight = null;
    versionEl.value = String(data.version);
    Object.keys(data.fields).forEach(function (code) {
      mark(code, data.fields[code].errors, data.fields[code].warnings);
    });
    refreshSummary();
    var refused = Object.keys(data.refused).length;
    var kind = refused ? "error" : "success";
    var rules = Object.keys(sent).filter(function (name) {
      var code = name.slice(2);
      return name.indexOf("v_") === 0 && data.fields[code] && data.fields[code].errors.length;
    }).length;
    if (!refused && rules) { kind = "warning"; }
    say(data.message + " (" + data.at + ")" +
        (rules && !refused ? " Có chỉ tiêu vừa lưu còn lỗi, phải sửa trước khi nộp." : ""), kind);
    if (Object.keys(dirty).length) { schedule(300); }
    settle(true);
  }

  function saveNow() {
    clearTimeout(timer);
    clearTimeout(retryTimer);
    if (inFlight || halted) { return; }
    var names = Object.keys(dirty);
    if (!names.length) { settle(true); return; }
    var body = new FormData();
    body.append("version", versionEl.value);
    inFlight = {};
    names.forEach(function (name) {
      var field = form.elements[name];
      if (!field) { return; }
      body.append(name, field.value);
      inFlight[name] = field.value;
    });
    dirty = {};
    say("Đang lưu…", "info");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) {
        if (response.redirected) {
          failed("phiên đăng nhập đã hết hạn. Hãy đăng nhập lại ở một thẻ khác rồi bấm “Thử lại ngay”.");
        } else {
          failed("máy chủ gặp lỗi (mã " + response.status + ").");
        }
        return null;
      }
      return response.json().then(function (data) {
        if (response.ok && data.ok) { succeeded(data); return; }
        if (response.status === 409 && data.conflict) { restore(inFlight || {}); inFlight = null; showConflict(data); return; }
        if (response.status === 403) {
          restore(inFlight || {});
          inFlight = null;
          halted = true;
          say("Không lưu được: " + data.error, "error");
          settle(false);
          return;
        }
        failed(data.error || ("máy chủ gặp lỗi (mã " + response.status + ")."));
      });
    }).catch(function () {
      failed("mất kết nối tới máy chủ.");
    });
  }

  // -- the fields -------------------------------------------------------------------------------
  form.addEventListener("input", function (event) {
    var name = event.target.name;
    if (!name || !/^(v_|n_|results$|highlights$|difficulties$|proposals$)/.test(name)) { return; }
    dirty[name] = true;
    if (!halted) { say("Có thay đổi chưa lưu…", "info"); }
  });
  form.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.name || !dirty[field.name]) { return; }
    if (field.hasAttribute("data-number") && !looksLikeNumber(field.value)) {
      // said at once; still sent, so that the server keeps it aside and flags it
      mark(field.name.slice(2), ["“" + field.value.trim() + "” không phải là số."], []);
      refreshSummary();
    }
    schedule(250);
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.name && dirty[event.target.name]) { schedule(250); }
  });

  function whenSaved(callback) {
    if (pendingCount() === 0) { callback(true); return; }
    afterSave.push(callback);
    if (halted) { settle(false); return; }
    saveNow();
  }

  // "Lưu nháp": saves what is pending at once; with a file chosen, the whole form goes
  form.addEventListener("submit", function (event) {
    var file = form.querySelector("input[type=file]");
    if (file && file.files && file.files.length) {
      if (pendingCount()) {
        event.preventDefault();
        whenSaved(function (ok) { if (ok) { form.submit(); } });
      }
      return;
    }
    event.preventDefault();
    if (halted) { say("Chưa lưu được: xem thông báo phía trên.", "error"); return; }
    if (!pendingCount()) { say("Không có thay đổi nào chưa lưu.", "success"); return; }
    saveNow();
  });

  // "Nộp báo cáo": what is typed is saved first
  var submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      if (!pendingCount()) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      whenSaved(function (ok) {
        if (ok) { submitForm.requestSubmit(); }
        else { say("Chưa nộp: còn thay đổi chưa lưu được. Xem thông báo ở đây rồi thử lại.", "error"); }
      });
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (pendingCount()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.querySelectorAll(".result-row").forEach(function (row) {
    row.dataset.errors = row.dataset.errors || "0";
    row.dataset.warnings = row.dataset.warnings || "0";
  });
  refreshSummary();
})();
