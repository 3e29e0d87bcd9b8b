// The channel-activity panel: the most active channels of the current hour from the analytics job, through
// GET /v1/analytics/channels (only channels this token may see). Text goes in through el() (textContent only).
"use strict";
import { authFetch } from "./auth.js";
import { el } from "./panels.js";

const $ = id => document.getElementById(id);
export const MAX_CHANNELS = 10;
const EVERY_MS = 10000;

export function startAnalytics() {
  const tick = async () => {
    try {
      const r = await authFetch("/v1/analytics/channels?limit=" + MAX_CHANNELS,
        { headers: { Accept: "application/json" } });
      if (r.status === 404) {
        $("an-note").textContent = "channel activity: not available on this gateway";
        return;
      }
      const body = await r.json().catch(() => null);
      if (r.ok && body) {
        const rows = (body.channels || []).slice(0, MAX_CHANNELS);
        $("an-rows").replaceChildren(...rows.map(activityRow));
        $("an-note").textContent = rows.length ? "latest hour per channel, most active first"
          : body.reading ? "no channel activity yet" : "the analytics job is not running (no activity topic)";
      } else {
        $("an-note").textContent = "channel activity: HTTP " + r.status;
      }
    } catch (err) { $("an-note").textContent = "channel activity: unreachable"; }
    setTimeout(tick, EVERY_MS);
  };
  tick();
}

/** One channel: id, then its latest hour's counts and top reactions, then its latest minute's messages. */
export function activityRow(a) {
  const h = a.hour || {}, m = a.minute || {};
  const li = el("li");
  li.appendChild(el("span", "ch", a.channel_id || "?"));
  li.appendChild(el("br"));
  const users = (h.active_users || 0) + (h.active_users_capped ? "+" : "");
  li.appendChild(el("span", "msg", (h.messages || 0) + " msgs · " + (h.edits || 0) + " edits · "
    + (h.deletes || 0) + " deletes · " + users + " users this hour"));
  const top = (h.top_reactions || []).map(r => ":" + r.emoji_name + ": " + r.count).join("  ");
  if (top) { li.appendChild(el("br")); li.appendChild(el("span", "t", top)); }
  li.appendChild(el("br"));
  li.appendChild(el("span", "t", "latest minute: " + (m.messages || 0) + " msgs, " + (m.active_users || 0)
    + " users"));
  return li;
}
