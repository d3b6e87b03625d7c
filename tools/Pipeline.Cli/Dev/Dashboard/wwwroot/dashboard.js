// The live dashboard: polls /api/series once a second and draws each chart on its canvas. No libraries: the
// machine running `pipeline dev` may be offline.
"use strict";

const palette = ["#4fc3f7", "#ffb74d", "#e57373", "#81c784", "#ba68c8", "#f06292", "#fff176", "#4db6ac"];
// The time axis grows with the data from one minute to five, so a short burst is not a sliver.
const minWindowMs = 60 * 1000, maxWindowMs = 5 * 60 * 1000;

// What each chart plots: a list of [label, (point) => value or null] pairs; lag has one series per partition.
const charts = {
  ingest: () => [["accepted", p => p.acceptedPerSecond], ["rejected", p => p.rejectedPerSecond], ["throttled/unavailable", p => p.ingestFailedPerSecond]],
  latency: () => [["p50", p => p.postToAppliedP50], ["p95", p => p.postToAppliedP95], ["p99", p => p.postToAppliedP99]],
  stages: () => [["Event Hubs send p95", p => p.sendP95], ["enqueued→applied p95", p => p.enqueuedToAppliedP95]],
  lag: points => partitions(points).map(id => [`partition ${id}`, p => (id in p.lagByPartition ? p.lagByPartition[id] : null)]),
  ru: () => [["RU/s", p => p.requestUnitsPerSecond]],
  errors: () => [["rejected", p => p.rejectedPerSecond], ["ingest 429/503", p => p.ingestFailedPerSecond], ["dead letters", p => p.deadLettersPerSecond], ["Cosmos 429", p => p.cosmosThrottledPerSecond]],
};

// Read by tests and handy in the console: how many polls drew, and how many points each series had.
window.dashboard = { draws: 0, series: {} };

function partitions(points) {
  const ids = new Set();
  for (const p of points) for (const id of Object.keys(p.lagByPartition || {})) ids.add(id);
  return [...ids].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

function niceMax(value) {
  if (!(value > 0)) return 1;
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function format(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (value >= 1000) return (value / 1000).toFixed(value >= 10000 ? 0 : 1) + "k";
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function draw(canvas, legend, name, points) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  if (canvas.width !== width * ratio || canvas.height !== height * ratio) {
    canvas.width = width * ratio;
    canvas.height = height * ratio;
  }
  const g = canvas.getContext("2d");
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);

  const series = charts[name](points).map(([label, pick], i) => ({
    label, color: palette[i % palette.length],
    values: points.map(p => ({ t: p.time, v: pick(p) })).filter(x => x.v !== null && x.v !== undefined && Number.isFinite(x.v)),
  }));
  const now = points.length ? points[points.length - 1].time : Date.now();
  const windowMs = Math.min(maxWindowMs, Math.max(minWindowMs, points.length ? now - points[0].time : 0));
  const left = 46, right = 8, top = 8, bottom = 20;
  const plotW = width - left - right, plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...series.flatMap(s => s.values.map(x => x.v))));
  const x = t => left + plotW * (1 - (now - t) / windowMs);
  const y = v => top + plotH * (1 - v / max);

  g.font = "11px system-ui, sans-serif";
  g.fillStyle = "#8a96ad";
  g.strokeStyle = "#26304a";
  g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4, yy = Math.round(y(v)) + 0.5;
    g.beginPath(); g.moveTo(left, yy); g.lineTo(width - right, yy); g.stroke();
    g.textAlign = "right"; g.textBaseline = "middle"; g.fillText(format(v), left - 6, yy);
  }
  g.textAlign = "center"; g.textBaseline = "top";
  const tick = windowMs > 2 * 60000 ? 60000 : 15000;
  for (let ago = 0; ago <= windowMs; ago += tick) {
    g.fillText(ago === 0 ? "now" : tick === 60000 ? `-${ago / 60000}m` : `-${ago / 1000}s`, x(now - ago), height - bottom + 5);
  }

  for (const s of series) {
    g.strokeStyle = s.color;
    g.lineWidth = 2;
    g.beginPath();
    let previous = null;
    for (const point of s.values) {
      const px = x(point.t), py = y(point.v);
      // A gap of more than a few seconds (no observations) breaks the line instead of bridging it.
      if (previous === null || point.t - previous > 5000) g.moveTo(px, py); else g.lineTo(px, py);
      previous = point.t;
    }
    g.stroke();
    if (s.values.length === 1) { g.fillStyle = s.color; g.fillRect(x(s.values[0].t) - 3, y(s.values[0].v) - 3, 6, 6); }
  }

  legend.replaceChildren(...series.map(s => {
    const item = document.createElement("span");
    item.style.setProperty("--c", s.color);
    const last = s.values.length ? s.values[s.values.length - 1].v : null;
    item.textContent = `${s.label} ${format(last)}`;
    return item;
  }));
  canvas.dataset.series = JSON.stringify(Object.fromEntries(series.map(s => [s.label, s.values.length])));
  window.dashboard.series[name] = Object.fromEntries(series.map(s => [s.label, s.values.length]));
}

function latest(points, pick) {
  for (let i = points.length - 1; i >= 0; i--) { const v = pick(points[i]); if (v !== null && v !== undefined) return v; }
  return null;
}

async function poll() {
  const status = document.getElementById("status");
  try {
    const response = await fetch("api/series", { cache: "no-store" });
    const body = await response.json();
    const points = body.points || [];
    for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
      draw(canvas, document.getElementById("legend-" + canvas.dataset.chart), canvas.dataset.chart, points);
    }
    const last = points[points.length - 1];
    document.getElementById("total-rate").textContent = format(last ? last.acceptedPerSecond : null);
    document.getElementById("total-p95").textContent = format(latest(points, p => p.postToAppliedP95));
    document.getElementById("total-lag").textContent = last ? format(Object.values(last.lagByPartition).reduce((a, b) => a + b, 0)) : "–";
    document.getElementById("total-ru").textContent = format(last ? last.requestUnitsPerSecond : null);
    document.getElementById("total-errors").textContent = format(last ? last.rejectedPerSecond + last.ingestFailedPerSecond + last.deadLettersPerSecond + last.cosmosThrottledPerSecond : null);
    status.textContent = body.error ? `scrape failed: ${body.error}` : `${points.length} points · scraping ${body.source} · ${new Date().toLocaleTimeString()}`;
    status.className = body.error ? "error" : "";
    window.dashboard.draws++;
  } catch (error) {
    status.textContent = `dashboard unreachable: ${error}`;
    status.className = "error";
  }
}

poll();
setInterval(poll, 1000);
