// Completeness chart: numbers come from the json_script block of the page.
(function () {
  var el = document.getElementById("completeness-data");
  var canvas = document.getElementById("completeness-chart");
  if (!el || !canvas || !window.Chart) { return; }
  var c = JSON.parse(el.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: ["Đúng hạn", "Trong thời gian gia hạn nộp", "Theo gia hạn được duyệt", "Nộp muộn",
               "Bị trả lại, chưa nộp lại", "Chưa nộp", "Đã tiếp nhận"],
      datasets: [{ label: "Số đơn vị",
                   data: [c.on_time, c.grace, c.extension, c.late, c.returned, c.missing, c.accepted],
                   backgroundColor: ["#198754", "#0dcaf0", "#6610f2", "#ffc107", "#fd7e14", "#dc3545", "#0d6efd"] }]
    },
    options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } },
               scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
