/* Metric charts: the time series, its target line and release markers.
 *
 * The server writes each chart's data as JSON next to its canvas
 * (<canvas data-metric-chart="ID"> and <script id="ID" type="application/json">);
 * this file draws it with the vendored Chart.js, again after every HTMX swap.
 * Release markers are drawn by a small plugin: a dashed vertical line and its label.
 */
(function () {
  "use strict";

  const DAY_MS = 24 * 60 * 60 * 1000;
  const SERIES_COLOUR = "#0d6efd";
  const TARGET_COLOUR = "#198754";
  const MARKER_COLOUR = "#6f42c1";

  function time(isoDay) {
    return Date.parse(`${isoDay}T00:00:00Z`);
  }

  function dayLabel(ms) {
    return new Date(ms).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
  }

  function withUnit(value, unit) {
    const text = Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
    if (!unit) return text;
    return unit === "%" ? `${text}%` : `${text} ${unit}`;
  }

  // Vertical release markers: drawn after the datasets so they sit on top of the line.
  const releaseMarkers = {
    id: "tandemReleaseMarkers",
    afterDatasetsDraw(chart, _args, options) {
      const markers = options.markers || [];
      if (!markers.length) return;
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      ctx.strokeStyle = MARKER_COLOUR;
      ctx.fillStyle = MARKER_COLOUR;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 4]);
      ctx.font = "12px system-ui, sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      markers.forEach((marker) => {
        const x = scales.x.getPixelForValue(time(marker.x));
        if (x < chartArea.left || x > chartArea.right) return;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.fillText(`Release ${marker.label}`, Math.min(x + 4, chartArea.right - 80), chartArea.top + 2);
      });
      ctx.restore();
    },
  };

  function draw(canvas) {
    if (!window.Chart) return;
    const source = document.getElementById(canvas.dataset.metricChart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    if (canvas.tandemChart) canvas.tandemChart.destroy();
    const points = data.points.map((p) => ({ x: time(p.x), y: p.y }));
    if (!points.length) return;
    const first = points[0].x;
    const last = points[points.length - 1].x;
    const pad = Math.max(DAY_MS, (last - first) * 0.02);
    const datasets = [{
      label: data.unit ? `${data.name} (${data.unit})` : data.name,
      data: points,
      borderColor: SERIES_COLOUR,
      backgroundColor: SERIES_COLOUR,
      pointRadius: points.length > 60 ? 0 : 2,
      tension: 0.15,
    }];
    if (data.target !== null) {
      datasets.push({
        label: `Target ${withUnit(data.target, data.unit)} (${data.direction === "down" ? "down is good" : "up is good"})`,
        data: [{ x: first - pad, y: data.target }, { x: last + pad, y: data.target }],
        borderColor: TARGET_COLOUR,
        borderDash: [8, 4],
        borderWidth: 1.5,
        pointRadius: 0,
      });
    }
    if (data.markers.length) {
      // An empty dataset only so the legend explains the dashed purple lines.
      datasets.push({ label: "Release", data: [], borderColor: MARKER_COLOUR, borderDash: [5, 4], pointRadius: 0 });
    }
    canvas.tandemChart = new window.Chart(canvas, {
      type: "line",
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: {
            type: "linear",
            min: first - pad,
            max: last + pad,
            ticks: { callback: (value) => dayLabel(value), maxTicksLimit: 8 },
            title: { display: true, text: "Date" },
          },
          y: { title: { display: true, text: data.unit || data.name } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? dayLabel(items[0].parsed.x) : ""),
              label: (item) => `${item.dataset.label}: ${withUnit(item.parsed.y, data.unit)}`,
            },
          },
          tandemReleaseMarkers: { markers: data.markers },
        },
      },
      plugins: [releaseMarkers],
    });
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-metric-chart]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", () => drawAll());
  // A swap may replace the canvas itself, so look again from the top.
  document.addEventListener("htmx:afterSettle", () => drawAll());
})();
