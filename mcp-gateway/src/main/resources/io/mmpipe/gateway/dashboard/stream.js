// One SSE stream of /events that survives what a dashboard meets: a dropped connection (we reconnect with the
// Last-Event-ID header, so nothing is missed), an overflow (the same), a gateway that requires a token (auth.js:
// asked once on a 401, sent as a header) and one that refuses part of the request (from the history, from=PT10M,
// we fall back to live when the gateway refuses from=). Read with fetch, not EventSource: EventSource can send
// no Authorization header and hides the status of a refused stream. The token never goes in the URL.
"use strict";
import { authFetch } from "./auth.js";

const MAX_LINE = 1 << 20;    // characters in one line or one event's data; the gateway's events are far smaller
const MIN_RETRY_MS = 1000, MAX_RETRY_MS = 60000;

/**
 * @param {object} o
 * @param {Record<string,string>} o.query   filter parameters (resource, ...)
 * @param {string|null} o.history           how far back to start (ISO-8601 duration), null = live
 * @param {(u: object) => void} o.onUpdate  every update, parsed
 * @param {(text: string, cls: string) => void} o.onState  connection state for the header
 * @param {(text: string, cls: string, granted: boolean) => void} [o.onHistory] whether the history was granted
 */
export function openStream(o) {
  let lastId = null, history = o.history, retryMs = 3000;
  const onHistory = o.onHistory || (() => {});

  function url() {
    const q = new URLSearchParams(o.query);
    q.set("typed", "false"); // every update as an unnamed event: no type, even a new one, is missed
    if (!lastId && history) q.set("from", history);
    return "/events?" + q.toString();
  }

  async function connect() {
    const headers = { Accept: "text/event-stream" };
    if (lastId) headers["Last-Event-ID"] = lastId;
    let r;
    try {
      r = await authFetch(url(), { headers, cache: "no-store" });
    } catch (err) { return again("reconnecting", retryMs); } // the gateway is unreachable
    if (!r.ok) return refused(r);
    o.onState("live", "up");
    if (history && !lastId) onHistory("history: last " + describeDuration(history), "up", true);
    let end;
    try {
      end = await read(r.body.getReader());
    } catch (err) { end = "dropped"; }
    if (end === "too large") o.onState("refused (an event over " + MAX_LINE + " characters)", "down");
    else if (end === "overflow") again("overflowed, resuming", 500);
    else again("reconnecting", retryMs);
  }

  function again(text, ms) {
    o.onState(text, "wait");
    setTimeout(connect, ms);
  }

  async function refused(r) {
    const j = await r.json().catch(() => ({}));
    const error = j.message || j.error || "";
    if (r.status === 400 && history && !lastId) {
      // a gateway without from= (or with a narrower one): go on live, and say the history is missing
      history = null;
      onHistory("history: unavailable (" + (error || "from= refused") + "), live only", "wait", false);
      connect();
    } else if (r.status === 400 || r.status === 403 || r.status === 404) {
      o.onState("refused (" + r.status + (error ? ": " + error : "") + ")", "down");
    } else {
      again("reconnecting", r.status === 503 ? 2000 : retryMs);
    }
  }

  /** Parses text/event-stream (id:, event:, data:, retry:, comments) until the stream ends or overflows. */
  async function read(reader) {
    const utf8 = new TextDecoder();
    let buf = "", data = [], size = 0, type = "", id = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "ended";
      buf += utf8.decode(value, { stream: true });
      let nl;
      while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
        // a lone \r at the end of the buffer may be half of \r\n: wait for the next chunk
        if (buf[nl] === "\r" && nl === buf.length - 1) break;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + (buf.startsWith("\r\n", nl) ? 2 : 1));
        if (line === "") {
          const ev = { type: type || "message", id, data: data.join("\n") };
          data = []; size = 0; type = ""; id = null;
          if (ev.data === "" && ev.type === "message") continue;
          if (dispatch(ev) === "overflow") { reader.cancel().catch(() => {}); return "overflow"; }
          continue;
        }
        if (line.startsWith(":")) continue; // a comment: the gateway's keep-alive
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let v = colon < 0 ? "" : line.slice(colon + 1);
        if (v.startsWith(" ")) v = v.slice(1);
        if (field === "data") {
          size += v.length + 1;
          if (size > MAX_LINE) { reader.cancel().catch(() => {}); return "too large"; }
          data.push(v);
        } else if (field === "event") type = v;
        else if (field === "id" && !v.includes("\0")) id = v;
        else if (field === "retry" && /^\d+$/.test(v)) {
          retryMs = Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, Number(v)));
        }
      }
      if (buf.length > MAX_LINE) { reader.cancel().catch(() => {}); return "too large"; }
    }
  }

  function dispatch(ev) {
    if (ev.id !== null) lastId = ev.id; // where a reconnect resumes: ready, reset, overflow and every update
    if (ev.type === "overflow") return "overflow";
    if (ev.type !== "message") return ""; // ready, reset: only their ids matter here
    let u;
    try { u = JSON.parse(ev.data); } catch (err) { return ""; }
    o.onUpdate(u);
    return "";
  }

  connect();
}

function describeDuration(iso) {
  const m = /^PT(\d+)M$/.exec(iso);
  return m ? m[1] + " minutes" : iso;
}
