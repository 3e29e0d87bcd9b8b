// The side panels: health, consumer lag, connected clients, operations and the broadcast box. Each reads one
// gateway endpoint; an endpoint this gateway does not have (404) turns its panel into a note, never an error.
"use strict";
import { now } from "./charts.js";
import { prepend } from "./store.js";
import { openStream } from "./stream.js";

const $ = id => document.getElementById(id);

/** Fills an element with text only: Mattermost and broadcast text is never parsed as HTML. */
export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function pill(id, text, cls) { const p = $(id); p.textContent = text; p.className = "pill " + (cls || ""); }

async function getJson(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => null);
  return { status: r.status, ok: r.ok, body };
}

/** Polls every {@code everyMs}; a 404 stops the polling (the gateway lacks the endpoint) after one note. */
function poll(path, everyMs, onOk, onMissing, onFail) {
  const tick = async () => {
    try {
      const r = await getJson(path);
      if (r.status === 404) { onMissing(); return; }
      r.ok ? onOk(r.body) : onFail("HTTP " + r.status + (r.body && r.body.error ? " " + r.body.error : ""));
    } catch (err) { onFail("unreachable"); }
    setTimeout(tick, everyMs);
  };
  tick();
}

export function startHealth() {
  poll("/health", 5000, j => {
    pill("health", "health " + j.status, j.status === "UP" ? "up" : j.status === "DOWN" ? "down" : "wait");
    $("health").title = Object.entries(j.components || {}).map(([k, v]) => k + ": " + v.status).join(", ");
  }, () => pill("health", "health: no endpoint", "wait"), why => pill("health", "health " + why, "down"));
}

// The fan-out consumer's lag from /metrics (Prometheus text); -1 there means not known yet and is not plotted.
export const LAG_LINE = /^mmpipe_gateway_consumer_lag(?:\{[^}]*\})? (\S+)$/m;

export function startLag(series) {
  const tick = async () => {
    try {
      const m = LAG_LINE.exec(await (await fetch("/metrics")).text());
      const v = m ? Number(m[1]) : NaN;
      if (v >= 0) series.set(now(), v);
      $("lag-title").textContent = "consumer lag: " + (v >= 0 ? v + " records behind the log end" : "unknown")
        + " (sampled every 5 s since this page opened)";
    } catch (err) { $("lag-title").textContent = "consumer lag: metrics unreachable"; }
    setTimeout(tick, 5000);
  };
  tick();
}

/** Connected clients per channel type, from {@code GET /v1/stats} ({"clients":{"sse":n,"websocket":n,"mcp":n}}). */
export function startClients() {
  poll("/v1/stats", 5000, j => {
    const c = (j && j.clients) || {};
    const parts = Object.entries(c).map(([k, v]) => k + " " + v);
    pill("clients", "clients: " + (parts.length ? parts.join(" · ") : "none reported"), "up");
  }, () => pill("clients", "clients: n/a on this gateway", ""), why => pill("clients", "clients: " + why, "down"));
}

/** Operations with progress bars, from {@code GET /v1/operations} (a list of OperationState, newest first). */
export function startOperations() {
  poll("/v1/operations", 3000, j => {
    const ops = Array.isArray(j) ? j : (j && j.operations) || [];
    $("ops-note").textContent = ops.length ? "" : "no operations yet";
    const list = $("ops");
    list.replaceChildren(...ops.slice(0, 20).map(operationRow));
  }, () => { $("ops-note").textContent = "operations: not available on this gateway (GET /v1/operations: 404)"; },
  why => { $("ops-note").textContent = "operations: " + why; });
}

function operationRow(op) {
  const li = el("li");
  const cls = { error: "bad", cancelled: "warn", completed: "ok" }[op.status] || "";
  li.appendChild(el("div", "", (op.tool || "operation") + " "));
  li.firstChild.appendChild(el("span", cls, op.status || "?"));
  const bar = el("progress");
  bar.max = 1;
  bar.value = Math.min(1, Math.max(0, Number(op.progress) || 0));
  li.appendChild(bar);
  li.appendChild(el("div", "t", (op.message || op.error || "") + "  " + (op.operation_id || "")));
  return li;
}

const MAX_BROADCASTS = 50;

/** The broadcast box ({@code POST /v1/broadcasts}) and the broadcasts received on {@code stream://broadcasts}. */
export function startBroadcasts() {
  $("bc-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    const out = $("bc-result");
    const body = { type: $("bc-type").value, text: $("bc-text").value };
    const raw = $("bc-data").value.trim();
    if (raw) {
      try { body.data = JSON.parse(raw); } catch (err) { out.textContent = "data is not valid JSON"; return; }
    }
    try {
      const r = await fetch("/v1/broadcasts", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body) });
      const j = await r.json().catch(() => ({}));
      if (r.status === 404) out.textContent = "broadcasts: not available on this gateway (POST /v1/broadcasts: 404)";
      else if (r.ok) { out.textContent = "sent " + (j.broadcast_id || ""); $("bc-text").value = ""; }
      else out.textContent = "refused (" + r.status + "): " + (j.message || j.error || "");
    } catch (err) { out.textContent = "gateway unreachable"; }
  });
  openStream({ query: { resource: "stream://broadcasts" }, history: "PT10M",
    onUpdate: u => {
      const d = u.data || {}, list = $("broadcasts");
      const li = el("li", d.type === "error" ? "bad" : d.type === "warning" ? "warn" : "");
      li.appendChild(el("div", "t", new Date((u.timestamp || now()) * 1000).toLocaleTimeString() + " "
        + (d.type || u.update_type || "") + " from " + (d.sender || "?")));
      li.appendChild(el("div", "msg", d.text || ""));
      prepend(list, li, MAX_BROADCASTS);
    },
    onState: (text, cls) => {
      $("bc-stream").textContent = "broadcast stream: " + text;
      $("bc-stream").className = "t " + cls;
    },
  });
}
