/* Release burnup and forecast fan: Chart.js is loaded deferred, so draw once the document is parsed. */
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Chart) return;
  const data = JSON.parse(document.getElementById("release-charts").textContent);
  const burnup = document.getElementById("burnup-chart");
  // A release planned today has a single day: draw it as dots rather than nothing.
  const dots = data.burnup.days.length < 3 ? 4 : 0;
  if (burnup) {
    new window.Chart(burnup, {
      type: "line",
      data: {labels: data.burnup.days, datasets: [
        {label: "Scope (points)", data: data.burnup.scope, borderColor: "#6c757d", backgroundColor: "#6c757d", borderDash: [6, 4], pointRadius: dots, stepped: true},
        {label: "Done (points)", data: data.burnup.done, borderColor: "#198754", backgroundColor: "rgba(25,135,84,0.15)", fill: true, pointRadius: dots, stepped: true},
      ]},
      options: {maintainAspectRatio: false, animation: false, interaction: {mode: "index", intersect: false},
        scales: {y: {beginAtZero: true, title: {display: true, text: "points"}}, x: {ticks: {maxTicksLimit: 8}}}},
    });
  }
  const fan = document.getElementById("fan-chart");
  if (fan && data.fan.days.length) {
    const level = (l) => data.fan.levels[l];
    new window.Chart(fan, {
      type: "line",
      data: {labels: data.fan.days, datasets: [
        {label: "5% (optimistic edge)", data: level("5"), borderColor: "rgba(13,110,253,0.3)", pointRadius: 0, fill: false},
        {label: "95% sure", data: level("95"), borderColor: "rgba(13,110,253,0.3)", backgroundColor: "rgba(13,110,253,0.12)", pointRadius: 0, fill: "-1"},
        {label: "85% sure", data: level("85"), borderColor: "#0d6efd", borderWidth: 2, pointRadius: 0},
        {label: "50% (median)", data: level("50"), borderColor: "#0d6efd", borderDash: [4, 3], pointRadius: 0},
        {label: "Scope (points)", data: data.fan.days.map(() => data.fan.scope), borderColor: "#6c757d", borderDash: [6, 4], pointRadius: 0},
      ]},
      options: {maintainAspectRatio: false, animation: false, interaction: {mode: "index", intersect: false},
        scales: {y: {beginAtZero: true, title: {display: true, text: "points done"}}, x: {title: {display: true, text: "end of sprint"}, ticks: {maxTicksLimit: 10}}}},
    });
  }
});
