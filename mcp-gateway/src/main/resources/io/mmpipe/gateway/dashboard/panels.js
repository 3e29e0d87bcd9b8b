// The side panels: health, consumer lag, connected clients, operations and the broadcast box. Each reads one
// gateway endpoint; an endpoint this gateway does not have (404) turns its panel into a note, never an error.
"use strict";
import { authFetch } from "./auth.js";
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
  const r = await authFetch(path, { headers: { Accept: "application/json" } });
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
      const m = LAG_LINE.exec(await (await authFetch("/metrics")).text());
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
    pill("clients", clientsText(j), "up");
    $("clients").title = "connected clients per channel type (GET /v1/stats); " + ((j && j.subscribers) || 0)
      + " stream subscribers on instance " + ((j && j.instance_id) || "?");
  }, () => pill("clients", "clients: n/a on this gateway", ""), why => pill("clients", "clients: " + why, "down"));
}

const TRANSPORTS = ["sse", "websocket", "mcp"];

/** The three push transports first, in a fixed order, then any other the gateway reports. */
export function clientsText(j) {
  const c = (j && j.clients) || {};
  const names = TRANSPORTS.filter(k => k in c).concat(Object.keys(c).filter(k => !TRANSPORTS.includes(k)));
  return "clients: " + (names.length ? names.map(k => k + " " + Number(c[k])).join(" · ") : "none reported");
}

const MAX_OPS = 20;           // operation rows shown (the gateway keeps up to 1,000)
const OPS_BUSY_MS = 1000;     // poll while one is running, so its bar moves
const OPS_IDLE_MS = 3000;

/**
 * Operations with progress bars, from {@code GET /v1/operations} ({"operations":[OperationState…],"shared":bool},
 * newest first): a running one's bar animates, a finished one shows its final state (and error, if any).
 */
export function startOperations() {
  let every = OPS_IDLE_MS;
  const tick = async () => {
    try {
      const r = await getJson("/v1/operations?limit=" + MAX_OPS);
      if (r.status === 404) {
        $("ops-note").textContent = "operations: not available on this gateway (GET /v1/operations: 404)";
        return;
      }
      if (r.ok) {
        const ops = ((r.body && r.body.operations) || []).slice(0, MAX_OPS);
        $("ops").replaceChildren(...ops.map(operationRow));
        $("ops-note").textContent = (ops.length ? "" : "no operations yet")
          + (r.body && r.body.shared === false ? " (store unreachable: this instance's operations only)" : "");
        every = ops.some(o => o.status === "running") ? OPS_BUSY_MS : OPS_IDLE_MS;
      } else {
        $("ops-note").textContent = "operations: HTTP " + r.status + (r.body && r.body.message
          ? ": " + r.body.message : "");
      }
    } catch (err) { $("ops-note").textContent = "operations: unreachable"; }
    setTimeout(tick, every);
  };
  tick();
}

const STATUS_CLASS = { running: "run", completed: "ok", error: "bad", cancelled: "warn" };

/** One operation: tool and status, a bar (animated while running), then progress, message or error, start, id. */
export function operationRow(op) {
  const li = el("li", "op " + (op.status || "unknown"));
  li.dataset.id = op.operation_id || "";
  const head = el("div", "", (op.tool || "operation") + " ");
  head.appendChild(el("span", STATUS_CLASS[op.status] || "", op.status || "?"));
  li.appendChild(head);
  const bar = el("progress", op.status === "running" ? "running" : "");
  bar.max = 1;
  bar.value = Math.min(1, Math.max(0, Number(op.progress) || 0));
  li.appendChild(bar);
  const why = op.status === "error" || op.status === "cancelled" ? op.error || op.message : op.message;
  const started = Date.parse(op.created_at);
  const parts = [Math.round(bar.value * 100) + "%", why || "",
    Number.isNaN(started) ? "" : "started " + new Date(started).toLocaleTimeString(), op.operation_id || ""];
  li.appendChild(el("div", "t", parts.filter(Boolean).join(" · ")));
  return li;
}

const MAX_BROADCASTS = 50;

/** What the broadcast box says for an answer of {@code POST /v1/broadcasts} (202, 400, 503, anything else). */
export function broadcastAnswer(status, j, retryAfter) {
  j = j || {};
  if (status === 202) return { text: "sent " + (j.broadcast_id || ""), cls: "ok" };
  if (status === 404) {
    return { text: "broadcasts: not available on this gateway (POST /v1/broadcasts: 404)", cls: "warn" };
  }
  const why = (j.error ? j.error + ": " : "") + (j.message || "");
  if (status === 503) {
    return { text: "not sent (503): " + why + (retryAfter ? " (retry in " + retryAfter + " s)" : ""), cls: "warn" };
  }
  return { text: "refused (" + status + "): " + why, cls: "bad" };
}

/** The broadcast box ({@code POST /v1/broadcasts}) and the broadcasts received on {@code stream://broadcasts}. */
export function startBroadcasts() {
  $("bc-form").addEventListener("submit", async ev => {
    ev.preventDefault();
    const out = $("bc-result");
    const say = (text, cls) => { out.textContent = text; out.className = "t " + (cls || ""); };
    const body = { type: $("bc-type").value, text: $("bc-text").value };
    const raw = $("bc-data").value.trim();
    if (raw) {
      try { body.data = JSON.parse(raw); } catch (err) { say("data is not valid JSON", "bad"); return; }
    }
    say("sending …");
    try {
      const r = await authFetch("/v1/broadcasts", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body) });
      const j = await r.json().catch(() => ({}));
      const a = broadcastAnswer(r.status, j, r.headers.get("Retry-After"));
      say(a.text, a.cls);
      if (r.status === 202) { $("bc-text").value = ""; $("bc-data").value = ""; }
    } catch (err) { say("gateway unreachable", "bad"); }
  });
  openStream({ query: { resource: "stream://broadcasts" }, history: "PT10M",
    onUpdate: u => {
      const d = u.data || {}, list = $("broadcasts");
      const li = el("li", d.type === "error" ? "bad" : d.type === "warning" ? "warn" : "");
      li.dataset.id = d.broadcast_id || "";
      li.appendChild(el("div", "t", new Date((u.timestamp || now()) * 1000).toLocaleTimeString() + " "
        + (d.type || u.update_type || "") + " from " + (d.sender || "?")));
      li.appendChild(el("div", "msg", d.text || ""));
      if (d.data && typeof d.data === "object") li.appendChild(el("div", "t", JSON.stringify(d.data).slice(0, 300)));
      prepend(list, li, MAX_BROADCASTS);
    },
    onState: (text, cls) => {
      $("bc-stream").textContent = "broadcast stream: " + text;
      $("bc-stream").className = "t " + cls;
    },
  });
}
