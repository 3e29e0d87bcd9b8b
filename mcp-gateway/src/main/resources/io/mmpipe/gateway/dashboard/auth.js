// The API token for a gateway that requires one (GATEWAY_API_TOKENS, anonymous access off): asked once, when the
// gateway first answers 401, kept in sessionStorage (this tab only, gone when it closes) and sent as
// "Authorization: Bearer" on every request the page makes. Never in a URL: URLs end up in logs, the browser's
// history and Referer headers. A browser's EventSource cannot send a header, so the stream is read with fetch too
// (stream.js), and every request of the page goes through authFetch.
"use strict";

export const TOKEN_KEY = "mmpipe.gateway.token";
const MAX_TOKEN = 4096; // longer than any token the gateway accepts; the input is bounded too
const $ = id => document.getElementById(id);

let asking = null; // one prompt for every request refused at once

/** The token of this tab, or "" (storage can be off: then the page works as anonymous). */
export function token() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch (err) { return ""; }
}

function keep(t) {
  try { sessionStorage.setItem(TOKEN_KEY, t); } catch (err) { /* storage off: kept nowhere, asked again */ }
  showForget();
}

function showForget() { $("auth-forget").className = token() ? "" : "hidden"; }

export function forget() {
  try { sessionStorage.removeItem(TOKEN_KEY); } catch (err) { /* nothing kept */ }
}

/** fetch with the token as a header; a 401 asks for a token (once for all callers) and tries again with it. */
export async function authFetch(path, init) {
  init = init || {};
  for (;;) {
    const t = token(), headers = new Headers(init.headers || {});
    if (t) headers.set("Authorization", "Bearer " + t);
    const r = await fetch(path, Object.assign({}, init, { headers, credentials: "omit" }));
    if (r.status !== 401) return r;
    if (r.body) r.body.cancel().catch(() => {});
    if (token() !== t) continue; // a token came (or went) while this request was out: try again with it
    if (t) forget(); // refused: a wrong or revoked token is not sent again
    await ask(t ? "the gateway refused this token; enter another" : "this gateway requires an API token");
  }
}

function ask(why) {
  if (!asking) {
    asking = new Promise(resolve => {
      const form = $("auth-form"), input = $("auth-token");
      $("auth-why").textContent = why;
      form.className = "panel";
      input.focus();
      const done = ev => {
        ev.preventDefault();
        const t = input.value.trim();
        if (!t || t.length > MAX_TOKEN) {
          $("auth-why").textContent = "enter the token (up to " + MAX_TOKEN + " characters)";
          return;
        }
        form.removeEventListener("submit", done);
        input.value = "";
        form.className = "panel hidden";
        keep(t);
        asking = null;
        resolve();
      };
      form.addEventListener("submit", done);
    });
  }
  return asking;
}

/** The "forget token" control: drops the token and reloads, so every stream and poll starts over without it. */
export function startAuth() {
  $("auth-forget").addEventListener("click", () => { forget(); location.reload(); });
  showForget();
}
