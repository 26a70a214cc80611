// Completeness chart: numbers come from the json_script block of the page.
(function () {
  var el = document.getElementById("completeness-data");
  var canvas = document.getElementById("completeness-chart");
  if (!el || !canvas || !window.Chart) { return; }
  var c = JSON.parse(el.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: ["Đúng hạn", "Muộn", "Chưa nộp", "Đã tiếp nhận", "Bị trả lại"],
      datasets: [{ label: "Số đơn vị", data: [c.on_time, c.late, c.missing, c.accepted, c.returned],
                   backgroundColor: ["#198754", "#ffc107", "#dc3545", "#0d6efd", "#fd7e14"] }]
    },
    options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } } }
  });
})();
