// Time-series charts drawn on a canvas by hand (no chart library: the page works offline and fetches nothing).
"use strict";

/** Values per epoch second over a sliding window; older seconds are dropped, so the map stays bounded. */
export class Series {
  constructor(windowS) { this.windowS = windowS; this.values = new Map(); }
  add(sec, n) { if (sec > now() - this.windowS) this.values.set(sec, (this.values.get(sec) || 0) + n); }
  set(sec, v) { this.values.set(sec, v); }
  get(sec) { return this.values.get(sec); }
  trim() { const min = now() - this.windowS; for (const k of this.values.keys()) if (k < min) this.values.delete(k); }
  sum(fromSec, toSec) {
    let s = 0;
    for (let t = fromSec; t < toSec; t++) s += this.values.get(t) || 0;
    return s;
  }
}

export function now() { return Math.floor(Date.now() / 1000); }

/**
 * Draws the series over its window. {@code zeroFill}: a second without a value counts as 0 (a rate);
 * otherwise it is a gap (a sampled gauge). {@code bucketS} sums seconds into wider bars so a sparse rate reads.
 */
export function plot(canvas, series, { color, unit, zeroFill = true, bucketS = 1 }) {
  series.trim();
  const g = canvas.getContext("2d"), w = canvas.width, h = canvas.height, top = 18, bottom = 16;
  const end = now(), start = end - series.windowS;
  const points = [];
  for (let s = start; s <= end; s += bucketS) {
    let v = 0, any = false;
    for (let t = s; t < s + bucketS; t++) {
      const val = series.get(t);
      if (val !== undefined) { v = zeroFill ? v + val : val; any = true; }
    }
    if (any || zeroFill) points.push([s, zeroFill ? v / bucketS : v]);
  }
  const max = Math.max(1, ...points.map(p => p[1]));
  g.clearRect(0, 0, w, h);
  g.strokeStyle = "#263241"; g.lineWidth = 1; g.beginPath();
  for (let i = 0; i <= 4; i++) { const gy = top + (h - top - bottom) * i / 4; g.moveTo(0, gy); g.lineTo(w, gy); }
  g.stroke();
  g.strokeStyle = color; g.lineWidth = 2; g.beginPath();
  const x = s => (s - start) * w / series.windowS, y = v => h - bottom - (v / max) * (h - top - bottom);
  points.forEach(([s, v], i) => i === 0 ? g.moveTo(x(s), y(v)) : g.lineTo(x(s), y(v)));
  g.stroke();
  if (!zeroFill) { // a sampled gauge: mark each sample, so a few samples (or one) still show
    g.fillStyle = color;
    points.forEach(([s, v]) => g.fillRect(x(s) - 2, y(v) - 2, 4, 4));
  }
  g.fillStyle = "#8a96a3"; g.font = "12px system-ui";
  g.fillText("max " + round(max) + unit, 6, 13);
  g.fillText("-" + Math.round(series.windowS / 60) + " min", 6, h - 3);
  g.fillText("now", w - 28, h - 3);
}

function round(v) { return v >= 10 ? Math.round(v) : Math.round(v * 10) / 10; }
