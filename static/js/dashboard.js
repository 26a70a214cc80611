// The home dashboard's charts, drawn with the vendored Chart.js from the page's json_script
// block: the same numbers as the tables under each chart.
(function () {
  var source = document.getElementById("dashboard-data");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var L = data.labels || { units: "Số đơn vị", receipts: "Tiền thu", spending: "Tiền chi", families: "Gia đình văn hóa", areas: "Khu dân cư văn hóa" };
  var fmt = function (v) { return v === null || v === undefined ? "—" : Number(v).toLocaleString("vi-VN"); };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
  var money = { ticks: { precision: 0, callback: function (v) { return fmt(v); } }, beginAtZero: true };  // whole đồng, whole households: no "1,5" ticks
  var tooltip = { callbacks: { label: function (ctx) { return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + fmt(ctx.parsed.y !== undefined ? ctx.parsed.y : ctx.parsed); } } };

  function each(kind, draw) {
    var canvases = document.querySelectorAll('canvas[data-chart="' + kind + '"]');
    for (var i = 0; i < canvases.length; i++) { draw(canvases[i]); }
  }

  each("states", function (canvas) {
    var s = data.states; if (!s) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: s.labels, datasets: [{ label: L.units, data: s.values, backgroundColor: s.colors }] },
      options: { indexAxis: "y", plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) { return L.units + ": " + fmt(ctx.parsed.x); } } } },
                 scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  });

  each("trend", function (canvas) {
    var t = (data.trends || [])[Number(canvas.getAttribute("data-index"))]; if (!t) { return; }
    new Chart(canvas, {
      type: "line",
      data: { labels: t.years.map(String), datasets: [{ label: t.name, data: t.values, borderColor: "#1f5fa0", backgroundColor: "#1f5fa0", spanGaps: true }] },
      options: { plugins: { legend: { display: false }, tooltip: tooltip }, scales: { y: money } }
    });
  });

  each("fund", function (canvas) {
    var f = data.fund; if (!f) { return; }
    var received = f.peak.map(function (p) { return p ? "#14603a" : "#5aa57c"; });
    var spent = f.peak.map(function (p) { return p ? "#8a1f2b" : "#d9827f"; });
    new Chart(canvas, {
      type: "bar",
      data: { labels: f.labels, datasets: [
        { label: L.receipts, data: f.receipts, backgroundColor: received },
        { label: L.spending, data: f.spending, backgroundColor: spent }
      ] },
      options: { plugins: { tooltip: tooltip }, scales: { y: money } }
    });
  });

  each("titles", function (canvas) {
    var t = data.titles; if (!t) { return; }
    // a phone's legend has no room for the bracket ("từ 2024: ..."): the table below keeps it
    var areas = canvas.clientWidth < 480 ? L.areas.replace(/\s*\(.*\)\s*$/, "") : L.areas;
    new Chart(canvas, {
      type: "bar",
      data: { labels: t.labels, datasets: [
        { label: L.families, data: t.families, backgroundColor: "#1b7f4b", yAxisID: "y" },
        { label: areas, data: t.areas, backgroundColor: "#f0b14a", yAxisID: "y1" }
      ] },
      options: { plugins: { tooltip: tooltip }, scales: { y: money, y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0 } } } }
    });
  });
})();
