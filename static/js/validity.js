// The browser's own form messages ("Please fill out this field.") follow the browser's
// language; these say the same in Vietnamese, whatever it is. The page keeps the browser's
// checks (required, pattern, min, max, type) and only changes the words.
(function () {
  "use strict";
  function number(value) {
    var n = Number(value);
    return isNaN(n) ? value : n.toLocaleString("vi-VN");
  }
  function message(el) {
    var v = el.validity;
    var type = (el.getAttribute("type") || el.tagName).toLowerCase();
    if (v.valueMissing) {
      if (type === "select") { return "Vui lòng chọn một mục trong danh sách."; }
      if (type === "checkbox") { return "Vui lòng đánh dấu ô này để tiếp tục."; }
      if (type === "radio") { return "Vui lòng chọn một trong các lựa chọn."; }
      if (type === "file") { return "Vui lòng chọn tệp."; }
      return "Vui lòng điền vào ô này.";
    }
    if (v.badInput) {
      return type === "number" ? "Vui lòng nhập một số." : "Giá trị nhập vào không hợp lệ.";
    }
    if (v.typeMismatch) {
      if (type === "email") { return "Vui lòng nhập địa chỉ thư điện tử hợp lệ, vd. ten@mttq.vn."; }
      if (type === "url") { return "Vui lòng nhập địa chỉ web hợp lệ, vd. https://mttq.hatinh.gov.vn."; }
      return "Giá trị nhập vào không đúng loại.";
    }
    if (v.patternMismatch) {
      if (el.hasAttribute("data-date")) {
        return "Ngày không hợp lệ: " + el.value + ", nhập theo dạng ngày/tháng/năm (vd. 07/12/2026).";
      }
      return "Vui lòng nhập đúng định dạng yêu cầu." + (el.title ? " " + el.title : "");
    }
    if (v.tooShort) {
      return "Vui lòng nhập ít nhất " + el.minLength + " ký tự (hiện có " + el.value.length + ").";
    }
    if (v.tooLong) {
      return "Vui lòng nhập không quá " + el.maxLength + " ký tự (hiện có " + el.value.length + ").";
    }
    if (v.rangeUnderflow) { return "Giá trị phải lớn hơn hoặc bằng " + number(el.min) + "."; }
    if (v.rangeOverflow) { return "Giá trị phải nhỏ hơn hoặc bằng " + number(el.max) + "."; }
    if (v.stepMismatch) {
      return el.step && el.step !== "any" && Number(el.step) === 1
        ? "Vui lòng nhập số nguyên."
        : "Vui lòng nhập giá trị hợp lệ (bước " + number(el.step) + ").";
    }
    return "Giá trị nhập vào không hợp lệ.";
  }
  // "invalid" fires before the browser shows its bubble, which then reads our message
  document.addEventListener("invalid", function (event) {
    var el = event.target;
    // a box that words its own message (the pickers) keeps it
    if (!el.setCustomValidity || el.hasAttribute("data-own-validity")) { return; }
    el.setCustomValidity("");
    if (!el.validity.valid) { el.setCustomValidity(message(el)); }
  }, true);
  function reset(event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-own-validity")) { return; }
    if (el && el.setCustomValidity && el.validity && el.validity.customError) {
      el.setCustomValidity("");
    }
  }
  document.addEventListener("input", reset, true);
  document.addEventListener("change", reset, true);
})();
