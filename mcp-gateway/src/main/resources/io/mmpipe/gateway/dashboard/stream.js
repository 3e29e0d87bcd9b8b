// One SSE stream of /events that survives what a dashboard meets: the browser's own reconnects (it sends
// Last-Event-ID), an overflow (we reopen with ?last_event_id=, so nothing is missed), and a gateway that refuses
// part of the request. EventSource hides the status of a refused stream, so after a failed open we ask once
// with fetch to learn why, and fall back from the history (from=PT10M) to live when the gateway refuses from=.
"use strict";

/**
 * @param {object} o
 * @param {Record<string,string>} o.query   filter parameters (resource, ...)
 * @param {string|null} o.history           how far back to start (ISO-8601 duration), null = live
 * @param {(u: object) => void} o.onUpdate  every update, parsed
 * @param {(text: string, cls: string) => void} o.onState  connection state for the header
 * @param {(text: string, cls: string, granted: boolean) => void} [o.onHistory] whether the history was granted
 */
export function openStream(o) {
  let es = null, lastId = null, history = o.history;
  const onHistory = o.onHistory || (() => {});

  function url() {
    const q = new URLSearchParams(o.query);
    q.set("typed", "false"); // every update as an unnamed event: no type, even a new one, is missed
    if (lastId) q.set("last_event_id", lastId);
    else if (history) q.set("from", history);
    return "/events?" + q.toString();
  }

  function connect() {
    const u = url();
    es = new EventSource(u);
    es.onopen = () => {
      o.onState("live", "up");
      if (history && !lastId) onHistory("history: last " + describeDuration(history), "up", true);
    };
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) diagnose(u);
      else o.onState("reconnecting", "wait");
    };
    es.addEventListener("ready", e => { if (e.lastEventId) lastId = e.lastEventId; });
    es.addEventListener("reset", e => { if (e.lastEventId) lastId = e.lastEventId; });
    es.addEventListener("overflow", e => {
      lastId = e.lastEventId || lastId;
      es.close();
      o.onState("overflowed, resuming", "wait");
      setTimeout(connect, 500);
    });
    es.onmessage = e => {
      if (e.lastEventId) lastId = e.lastEventId;
      let u;
      try { u = JSON.parse(e.data); } catch (err) { return; }
      o.onUpdate(u);
    };
  }

  async function diagnose(u) {
    es.close();
    let status = 0, error = "";
    try {
      const r = await fetch(u, { headers: { Accept: "text/event-stream" } });
      status = r.status;
      if (!r.ok) {
        const j = await r.json().catch(() => ({}));
        error = j.message || j.error || "";
      }
      if (r.body) r.body.cancel().catch(() => {});
    } catch (err) { /* the gateway is unreachable: retry below */ }
    if (status === 400 && history && !lastId) {
      // a gateway without from= (or with a narrower one): go on live, and say the history is missing
      history = null;
      onHistory("history: unavailable (" + (error || "from= refused") + "), live only", "wait", false);
      connect();
    } else if (status === 400 || status === 401 || status === 403 || status === 404) {
      o.onState("refused (" + status + (error ? ": " + error : "") + ")", "down");
    } else {
      o.onState("reconnecting", "wait");
      setTimeout(connect, status === 503 ? 2000 : 3000);
    }
  }

  connect();
}

function describeDuration(iso) {
  const m = /^PT(\d+)M$/.exec(iso);
  return m ? m[1] + " minutes" : iso;
}
