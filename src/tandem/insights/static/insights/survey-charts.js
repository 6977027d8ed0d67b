/* Survey charts: NPS trend with its interval, CSAT and choice counts. */
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Chart) { return; }
  var data = JSON.parse(document.getElementById("survey-charts").textContent);
  Object.keys(data.trends).forEach(function (id) {
    var t = data.trends[id];
    var el = document.getElementById("trend-" + id);
    if (!el) { return; }
    new window.Chart(el, {
      type: "line",
      data: { labels: t.labels, datasets: [
        { label: "NPS", data: t.score, borderColor: "#0d6efd", backgroundColor: "#0d6efd", tension: 0.2 },
        { label: "95% interval, low", data: t.low, borderColor: "#adb5bd", borderDash: [4, 4], pointRadius: 0, fill: false },
        { label: "95% interval, high", data: t.high, borderColor: "#adb5bd", borderDash: [4, 4], pointRadius: 0, fill: "-1", backgroundColor: "rgba(173,181,189,0.15)" }
      ] },
      options: { animation: false, scales: { y: { min: -100, max: 100, title: { display: true, text: "NPS (−100 to 100)" } } },
        plugins: { title: { display: true, text: "NPS per period" }, tooltip: { callbacks: { afterLabel: function (c) { return c.datasetIndex === 0 ? "answers: " + t.n[c.dataIndex] : ""; } } } } }
    });
  });
  Object.keys(data.csat).forEach(function (id) {
    var el = document.getElementById("csat-" + id);
    if (!el) { return; }
    new window.Chart(el, { type: "bar", data: { labels: ["1", "2", "3", "4", "5"], datasets: [{ label: "Answers", data: data.csat[id], backgroundColor: ["#dc3545", "#fd7e14", "#adb5bd", "#20c997", "#198754"] }] },
      options: { animation: false, plugins: { title: { display: true, text: "Answers per score (1 very unsatisfied – 5 very satisfied)" } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "answers" } } } } });
  });
  Object.keys(data.choices).forEach(function (id) {
    var el = document.getElementById("choice-" + id);
    if (!el) { return; }
    new window.Chart(el, { type: "bar", data: { labels: data.choices[id].labels, datasets: [{ label: "Answers", data: data.choices[id].counts, backgroundColor: "#6f42c1" }] },
      options: { indexAxis: "y", animation: false, plugins: { title: { display: true, text: "Answers per choice" } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } } });
  });
});
