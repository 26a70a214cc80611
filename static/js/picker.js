// Pickers (core/widgets.py PickerSelect): a <select data-picker="/search/url"> becomes a text
// box with suggestions from the server, an ARIA 1.2 combobox: type two letters or more (accents
// and case do not matter), move with the arrow keys, choose with Enter or a click, close with
// Escape. The select stays in the form, hidden, and carries the value chosen; without this
// script it is an ordinary select.
(function () {
  "use strict";
  var counter = 0;
  var CHOOSE = "Vui lòng gõ tên hoặc mã rồi chọn một mục trong danh sách gợi ý.";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function enhance(select) {
    if (select.dataset.pickerReady) { return; }
    select.dataset.pickerReady = "1";
    counter += 1;
    var id = (select.id || "picker" + counter) + "_tim";
    var listId = id + "_goi_y";
    var min = parseInt(select.dataset.pickerMin || "2", 10);
    var required = select.required;
    var wrap = el("div", "picker position-relative");
    var input = el("input", "form-control");
    input.type = "text";
    input.id = id;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("data-own-validity", "");
    input.placeholder = "Gõ tên hoặc mã để tìm…";
    if (select.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    }
    if (select.classList.contains("is-invalid")) { input.classList.add("is-invalid"); }
    var list = el("ul", "list-group position-absolute w-100 shadow-sm z-3 picker-list");
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = el("div", "form-text picker-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      label.htmlFor = id;
      if (!label.id) { label.id = id + "_nhan"; }
      list.setAttribute("aria-labelledby", label.id);
    }
    var chosen = select.selectedOptions[0];
    if (chosen && chosen.value) { input.value = chosen.dataset.label || chosen.textContent; }
    select.required = false;
    select.hidden = true;
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(select);
    wrap.after(status);

    var items = [];
    var active = -1;
    var seq = 0;
    var timer = null;

    function check() {
      input.setCustomValidity(required && !select.value ? CHOOSE : "");
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(index) {
      items.forEach(function (item, i) {
        item.node.setAttribute("aria-selected", i === index ? "true" : "false");
        item.node.classList.toggle("active", i === index);
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].node.id);
        items[index].node.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function choose(item) {
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === String(item.id);
      });
      if (!option) {
        option = new Option(item.label + " · " + item.detail, item.id);
        select.add(option);
      }
      option.dataset.label = item.label;
      select.value = String(item.id);
      input.value = item.label;
      input.classList.remove("is-invalid");
      status.textContent = "Đã chọn: " + item.label + " (" + item.detail + ")";
      close();
      check();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function show(results, more) {
      list.textContent = "";
      items = results.map(function (result, i) {
        var node = el("li", "list-group-item list-group-item-action py-2");
        node.id = listId + "_" + i;
        node.setAttribute("role", "option");
        node.setAttribute("aria-selected", "false");
        node.appendChild(el("span", "d-block", result.label));
        node.appendChild(el("small", "text-muted", result.detail));
        node.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the box
          choose(result);
        });
        list.appendChild(node);
        return { node: node, data: result };
      });
      active = -1;
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      if (!results.length) {
        status.textContent = "Không tìm thấy kết quả phù hợp.";
      } else {
        status.textContent = results.length + " kết quả" +
          (more ? ", còn nữa: gõ thêm để thu hẹp." : ". Dùng phím mũi tên để chọn.");
      }
    }
    function params() {
      var extra = "";
      var field = select.dataset.pickerRoleField;
      if (field && select.form && select.form.elements[field]) {
        var levels = JSON.parse(select.dataset.pickerRoleLevels || "{}")[select.form.elements[field].value];
        if (levels) { extra = "&level=" + encodeURIComponent(levels.join(",")); }
      }
      return extra;
    }
    function search() {
      var q = input.value.trim();
      if (q.length < min) {
        items = [];
        list.textContent = "";
        close();
        status.textContent = q ? "Nhập ít nhất " + min + " ký tự của tên hoặc mã để tìm." : "";
        return;
      }
      var url = select.dataset.picker;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q) + params();
      seq += 1;
      var mine = seq;
      status.textContent = "Đang tìm…";
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          if (mine !== seq) { return; }  // an older answer arriving late
          if (!answer.ok) {
            items = [];
            list.textContent = "";
            close();
            status.textContent = answer.body.detail || "Không tìm được, vui lòng thử lại.";
            return;
          }
          if (answer.body.hint) {
            status.textContent = answer.body.hint;
          }
          show(answer.body.results || [], answer.body.more);
        })
        .catch(function () {
          if (mine === seq) { status.textContent = "Không kết nối được máy chủ, vui lòng thử lại."; }
        });
    }

    input.addEventListener("input", function () {
      if (select.value) {
        select.value = "";  // the text changed: what was chosen no longer stands
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      check();
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && items.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        if (items.length) { mark(Math.min(active + 1, items.length - 1)); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (items.length) { mark(Math.max(active - 1, 0)); }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(items[active].data);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });
    input.addEventListener("blur", function () { close(); });
    input.addEventListener("invalid", function () {
      input.setCustomValidity(required && !select.value ? CHOOSE : "");
    });
    check();
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  // forms swapped in by htmx
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
