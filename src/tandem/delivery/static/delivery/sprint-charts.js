/* Sprint charts: Chart.js is loaded deferred, so draw once the document is parsed. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (!window.Chart) return;
  function data(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  const velocity = data("velocity-data");
  const velocityCanvas = document.getElementById("velocity-chart");
  if (velocity && velocityCanvas) {
    new Chart(velocityCanvas, {
      data: {
        labels: velocity.labels,
        datasets: [
          { type: "bar", label: "Committed", data: velocity.committed, backgroundColor: "rgba(108,117,125,0.35)" },
          { type: "bar", label: "Completed", data: velocity.completed, backgroundColor: "rgba(13,110,253,0.75)" },
          { type: "line", label: "Mean completed", data: velocity.labels.map(() => velocity.mean), borderColor: "#198754", borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: "Points" } } } },
    });
  }
  const burndown = data("burndown-data");
  const burndownCanvas = document.getElementById("burndown-chart");
  if (burndown && burndownCanvas) {
    new Chart(burndownCanvas, {
      type: "line",
      data: {
        labels: burndown.labels,
        datasets: [
          { label: "Remaining", data: burndown.remaining, borderColor: "#0d6efd", backgroundColor: "#0d6efd", tension: 0, spanGaps: false },
          { label: "Ideal", data: burndown.ideal, borderColor: "#6c757d", borderDash: [6, 4], pointRadius: 0 },
          { label: "Scope", data: burndown.scope, borderColor: "#fd7e14", stepped: true, pointRadius: burndown.scope.map((v, i) => (burndown.changes.some((c) => c.day === burndown.labels[i]) ? 5 : 0)) },
        ],
      },
      options: {
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: "Points" } } },
        plugins: { tooltip: { callbacks: { afterBody: (items) => {
          const day = burndown.labels[items[0].dataIndex];
          const change = burndown.changes.find((c) => c.day === day);
          return change ? `Scope ${change.points > 0 ? "+" : ""}${change.points} points` : "";
        } } } },
      },
    });
  }
  const flow = data("flow-data");
  const flowCanvas = document.getElementById("flow-chart");
  if (flow && flowCanvas) {
    const colours = { new: "#adb5bd", ready: "#6ea8fe", in_progress: "#ffc107", done: "#20c997", accepted: "#198754" };
    new Chart(flowCanvas, {
      type: "line",
      data: {
        labels: flow.labels,
        datasets: flow.series.slice().reverse().map((s) => ({ label: s.label, data: s.counts, fill: true, backgroundColor: colours[s.status], borderColor: colours[s.status], pointRadius: 0 })),
      },
      options: { maintainAspectRatio: false, scales: { y: { stacked: true, beginAtZero: true, title: { display: true, text: "Items" } } } },
    });
  }
});
