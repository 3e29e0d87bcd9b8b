// The dashboard: the last ten minutes of updates read back from Kafka (SSE from=PT10M), then live ones, with
// filters, throughput and lag charts, and the side panels. Every text from Mattermost goes in through
// textContent (see el() in panels.js), never as HTML: a post saying <script> shows as those characters.
"use strict";
import { startAnalytics } from "./analytics.js";
import { startAuth } from "./auth.js";
import { Series, now, plot } from "./charts.js";
import { el, startBroadcasts, startClients, startHealth, startLag, startOperations } from "./panels.js";
import { Kept, offer, prepend, remember } from "./store.js";
import { openStream } from "./stream.js";

const HISTORY = "PT10M", WINDOW_S = 600;
const MAX_ROWS = 300;      // rows in the list
const MAX_KEPT = 2000;     // updates kept for re-filtering (oldest dropped)
const MAX_CHOICES = 200;   // channels / types offered in the filters
const MAX_NAMES = 10000;   // user and channel names remembered
const $ = id => document.getElementById(id);

const kept = new Kept(MAX_KEPT);
const rate = new Series(WINDOW_S), lag = new Series(WINDOW_S);
const userNames = new Map(), channelNames = new Map();
let total = 0, history = "asking"; // asking | granted | refused

function onUpdate(u) {
  total++;
  const d = u.data || {};
  // bucketed by the update's own time, so the history drawn from Kafka lands where it happened
  rate.add(Math.floor(u.timestamp || now()), 1);
  learnNames(d);
  offer($("f-type"), u.update_type, u.update_type, MAX_CHOICES);
  const ch = channelOf(d);
  if (ch) offer($("f-channel"), ch, channelLabel(ch), MAX_CHOICES);
  kept.push(u);
  if (!$("pause").checked && matches(u)) prepend($("events"), row(u), MAX_ROWS);
  showEmpty();
}

function row(u) {
  const d = u.data || {}, li = el("li");
  li.appendChild(el("span", "t", new Date((u.timestamp || now()) * 1000).toLocaleTimeString()));
  li.appendChild(el("span", "type", u.update_type + "\n" + (u.resource_uri || "").replace("mattermost://", "")));
  const body = el("div");
  body.appendChild(el("span", "msg", describe(u, d)));
  const ch = channelOf(d);
  if (ch) { body.appendChild(el("br")); body.appendChild(el("span", "ch", "channel " + channelLabel(ch))); }
  li.appendChild(body);
  return li;
}

/** Rebuilds the list from the kept updates: a filter applies to what is already on the page, too. */
function rerender() {
  $("events").replaceChildren(...kept.newest(matches, MAX_ROWS).map(row));
  showEmpty();
}

function showEmpty() {
  const n = $("events").children.length, e = $("empty");
  e.className = n ? "empty hidden" : "empty";
  if (!n) e.textContent = total ? "no update matches the filters (" + total + " received)"
    : EMPTY[history];
}

const EMPTY = {
  asking: "loading the last 10 minutes from Kafka …",
  granted: "no updates in the last 10 minutes; new ones appear here as they happen",
  refused: "this gateway cannot send the last minutes; live updates appear here as they happen",
};

function channelOf(d) { return d.channel_id || (d.post && d.post.channel_id) || ""; }

// Posts carry the sender's and the channel's names; remember them so other updates can show names, not ids.
function learnNames(d) {
  const uid = d.user_id || (d.post && d.post.user_id);
  if (uid && d.sender_name) remember(userNames, uid, d.sender_name, MAX_NAMES);
  const cid = channelOf(d);
  if (cid && d.channel_name) remember(channelNames, cid, d.channel_name, MAX_NAMES);
}
function userName(id) { return userNames.get(id) || id; }
function channelLabel(id) { return channelNames.has(id) ? "~" + channelNames.get(id) : id; }

function describe(u, d) {
  const who = userName(d.user_id || (d.post && d.post.user_id) || "");
  switch (u.update_type) {
    case "created": case "edited": return who + ": " + ((d.post && d.post.message) || "(no text)");
    case "deleted": return "deleted: " + ((d.post && d.post.message) ? who + ": " + d.post.message
                                              : "post " + ((d.post && d.post.id) || ""));
    case "reaction_added": return ":" + d.emoji_name + ": added by " + who + " on " + d.post_id;
    case "reaction_removed": return ":" + d.emoji_name + ": removed by " + who + " on " + d.post_id;
    case "status_changed": return who + " is " + d.status;
    case "typing": return who + " is typing";
    case "member_added": return who + " joined";
    case "member_removed": return who + " left";
    case "file_attached": return "file " + ((d.file && d.file.name) || "") + " attached by " + who;
    default: return generic(u, d, who);
  }
}

// An update type this page has no words for: its type, resource, who, and the plain fields of its data.
function generic(u, d, who) {
  const fields = Object.entries(d).filter(([k, v]) => v !== null && typeof v !== "object")
    .map(([k, v]) => k + "=" + String(v)).join(" ");
  const text = (u.update_type || "update") + (who ? " by " + who : "") + (fields ? ": " + fields : "");
  return text.length > 300 ? text.slice(0, 299) + "\u2026" : text;
}

function matches(u) {
  const r = $("f-resource").value, t = $("f-type").value, c = $("f-channel").value;
  const q = $("f-text").value.trim().toLowerCase();
  const d = u.data || {};
  if ((r && u.resource_uri !== r) || (t && u.update_type !== t) || (c && channelOf(d) !== c)) return false;
  return !q || (describe(u, d) + " " + channelLabel(channelOf(d))).toLowerCase().includes(q);
}

function draw() {
  plot($("chart"), rate, { color: "#4cc2ff", unit: "/s", bucketS: 10 });
  plot($("lag"), lag, { color: "#d29922", unit: " records", zeroFill: false });
  const t = now();
  $("stats").textContent = total + " updates received, " + (rate.sum(t - 60, t) / 60).toFixed(1) + "/s (last minute)";
}

function setPill(id, text, cls) { const p = $(id); p.textContent = text; p.className = "pill " + cls; }

for (const id of ["f-resource", "f-type", "f-channel", "f-text", "pause"]) $(id).addEventListener("input", rerender);
openStream({ query: {}, history: HISTORY, onUpdate,
  onState: (text, cls) => setPill("conn", text, cls),
  onHistory: (text, cls, granted) => {
    history = granted ? "granted" : "refused";
    setPill("history", text, cls);
    showEmpty();
  },
});
startAuth();
startHealth();
startLag(lag);
startClients();
startOperations();
startBroadcasts();
startAnalytics();
draw();
setInterval(draw, 1000);
