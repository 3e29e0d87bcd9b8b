// The dashboard in a real browser: headless Chromium driven by playwright-core against a running pipeline
// (./mmpipe browser-test starts the demo stack: Kafka, the Mattermost simulator, ingestor, processor, gateway).
// Each step is one entry of STEPS, run in order; the first failure saves target/browser/failure.png and fails.
//
// The gateway requires an API token (GATEWAY_API_TOKENS, anonymous access off): the page asks for it once, keeps
// it in sessionStorage and sends it as a header; every request any page of the test makes is checked for it in
// its URL.
//
// Environment: GATEWAY_URL, MM_URL, MM_TOKEN (the simulator and its bot token), GATEWAY_API_TOKEN (the token the
// gateway requires, named browser-test), CHROMIUM (the browser binary), PLAYWRIGHT_DIR (where playwright-core is
// installed), OUT_DIR (screenshots).
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";

const env = name => {
  const v = process.env[name];
  if (!v) { console.error(`browser test: ${name} is not set`); process.exit(2); }
  return v;
};
const GATEWAY_URL = env("GATEWAY_URL"), MM_URL = env("MM_URL").replace(/\/$/, ""), MM_TOKEN = env("MM_TOKEN");
const OUT_DIR = env("OUT_DIR"), API_TOKEN = env("GATEWAY_API_TOKEN");
const AUTH = { Authorization: "Bearer " + API_TOKEN };
const TOKEN_KEY = "mmpipe.gateway.token"; // auth.js
const { chromium } = createRequire(env("PLAYWRIGHT_DIR") + "/")("playwright-core");
const WAIT_MS = 60_000; // generous: the pipeline runs on a shared 2-core machine

const marker = "browser-test-" + Date.now();
const XSS = `<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> xss-${marker}`;

async function mattermost(method, path, body) {
  const r = await fetch(MM_URL + path, { method, body: body && JSON.stringify(body),
    headers: { Authorization: "Bearer " + MM_TOKEN, "Content-Type": "application/json" } });
  if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

/** A public channel the bot is a member of (so the ingestor sees its posts). */
async function channel() {
  const me = await mattermost("GET", "/api/v4/users/me");
  const [team] = await mattermost("GET", "/api/v4/users/me/teams");
  const channels = await mattermost("GET", `/api/v4/users/${me.id}/teams/${team.id}/channels`);
  const c = channels.find(ch => ch.type === "O") || channels[0];
  if (!c) throw new Error("the bot is in no channel of team " + team.id);
  return c;
}

function post(ctx, message) {
  return mattermost("POST", "/api/v4/posts", { channel_id: ctx.channel.id, message });
}

const row = (page, text) => page.locator("#events li", { hasText: text });

/** Waits until {@code text} is in the gateway's stream of the last ten minutes, read as a client would (SSE). */
async function inStream(text) {
  const abort = new AbortController(), timer = setTimeout(() => abort.abort(), WAIT_MS);
  try {
    const r = await fetch(GATEWAY_URL + "/events?typed=false&from=PT10M", { signal: abort.signal, headers: AUTH });
    if (!r.ok) throw new Error(`/events: HTTP ${r.status}`);
    const reader = r.body.getReader(), utf8 = new TextDecoder();
    let seen = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the stream ended before " + text + " came");
      seen = (seen + utf8.decode(value, { stream: true })).slice(-100_000);
      if (seen.includes(text)) return;
    }
  } catch (e) {
    throw abort.signal.aborted ? new Error(`${text} was not in /events within ${WAIT_MS} ms`) : e;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** A tools/call of the gateway's MCP endpoint, stateless (protocol 2026-07-28): one POST, one JSON answer. */
async function mcpTool(name, args) {
  const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientCapabilities": {},
    "io.modelcontextprotocol/clientInfo": { name: "browser-test", version: "1" } };
  const r = await fetch(GATEWAY_URL + "/mcp", { method: "POST",
    headers: { ...AUTH, "Content-Type": "application/json", Accept: "application/json, text/event-stream",
      "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": name },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call",
      params: { name, arguments: args, _meta: meta } }) });
  const j = await r.json();
  if (!r.ok || !j.result || j.result.isError) {
    throw new Error(`tools/call ${name}: HTTP ${r.status} ${JSON.stringify(j)}`);
  }
  return j.result.structuredContent;
}

/** The number after {@code name} in the clients pill ("clients: sse 4 · websocket 0 · mcp 0"), or -1. */
function clientCount(text, name) {
  const m = new RegExp("\\b" + name + " (\\d+)").exec(text);
  return m ? Number(m[1]) : -1;
}

const urls = { checked: 0, leaked: [] };

/** Every request a page of this test makes: the token must be in none of their URLs. */
function watch(context) {
  context.on("request", r => {
    urls.checked++;
    if (r.url().includes(API_TOKEN) || /[?&](access_)?token=/.test(r.url())) urls.leaked.push(r.url());
  });
  return context;
}

/** Another page, in its own context (its own sessionStorage), already holding the token. */
async function pageWithToken(browser) {
  const context = watch(await browser.newContext());
  await context.addInitScript(([k, t]) => sessionStorage.setItem(k, t), [TOKEN_KEY, API_TOKEN]);
  return context.newPage();
}

const STEPS = [
  ["the gateway requires a token: the page asks once, keeps it in sessionStorage and sends it as a header",
    async ctx => {
      const { page } = ctx;
      const sent = [];
      page.on("request", r => { if (r.url().startsWith(GATEWAY_URL + "/v1/stats")) sent.push(r.headers()); });
      await page.goto(GATEWAY_URL + "/");
      await page.locator("#auth-form", { hasText: "this gateway requires an API token" }).waitFor({ timeout: WAIT_MS });
      // the stream waits for the token, it does not give up: the header still says connecting
      const conn = await page.locator("#conn").textContent();
      if (conn !== "connecting") throw new Error(`before the token the header says ${conn}`);
      await page.fill("#auth-token", "wrong-" + marker);
      await page.click("#auth-form button[type=submit]");
      await page.locator("#auth-form", { hasText: "the gateway refused this token" }).waitFor({ timeout: WAIT_MS });
      await page.fill("#auth-token", API_TOKEN);
      await page.click("#auth-form button[type=submit]");
      await page.locator("#conn", { hasText: "live" }).waitFor({ timeout: WAIT_MS });
      await page.locator("#auth-form.hidden").waitFor({ state: "attached", timeout: WAIT_MS });
      await page.locator("#auth-forget:not(.hidden)").waitFor({ timeout: WAIT_MS });
      const kept = await page.evaluate(k => [sessionStorage.getItem(k), localStorage.length, document.cookie],
        TOKEN_KEY);
      if (kept[0] !== API_TOKEN || kept[1] !== 0 || kept[2] !== "") {
        throw new Error(`sessionStorage holds ${kept[0] === API_TOKEN ? "the token" : "no token"}, localStorage `
          + `${kept[1]} items, cookies "${kept[2]}"`);
      }
      await page.locator("#clients", { hasText: /sse \d/ }).waitFor({ timeout: WAIT_MS });
      if (!sent.some(h => h.authorization === "Bearer " + API_TOKEN)) throw new Error("no request sent the token");
    }],
  ["a post made before the page opens is drawn from the history, and the header says so", async ctx => {
    const { page } = ctx;
    await post(ctx, "before the page opened " + marker);
    await inStream("before the page opened " + marker); // in Kafka already: only from=PT10M can bring it
    await page.goto(GATEWAY_URL + "/"); // a reload: the token kept in this tab's sessionStorage is used, no form
    await page.locator("#conn", { hasText: "live" }).waitFor({ timeout: WAIT_MS });
    await page.locator("#history", { hasText: /^history: / }).waitFor({ timeout: WAIT_MS });
    const history = await page.locator("#history").textContent();
    if (history !== "history: last 10 minutes") throw new Error(`the header says ${history}`);
    await row(page, "before the page opened " + marker).waitFor({ timeout: WAIT_MS });
  }],
  ["a post made in the simulator appears", async ctx => {
    await post(ctx, "hello from the browser test " + marker);
    await row(ctx.page, "hello from the browser test " + marker).waitFor({ timeout: WAIT_MS });
  }],
  ["markup in a post is shown as text, never run", async ctx => {
    await post(ctx, XSS);
    const li = row(ctx.page, "xss-" + marker);
    await li.waitFor({ timeout: WAIT_MS });
    const text = await li.textContent();
    for (const literal of ["<script>window.__xss = 1</script>", "<img src=x onerror="]) {
      if (!text.includes(literal)) throw new Error(`the row does not show ${literal} as text: ${text}`);
    }
    const injected = await ctx.page.locator("#events script, #events img").count();
    const ran = await ctx.page.evaluate(() => window.__xss);
    if (injected !== 0 || ran !== undefined) throw new Error(`markup was parsed (${injected} nodes, __xss=${ran})`);
    await li.screenshot({ path: OUT_DIR + "/xss-row.png" });
  }],
  ["the text filter keeps only matching rows, and clearing it brings the others back", async ({ page }) => {
    await page.fill("#f-text", marker);
    const rows = await page.locator("#events li").allTextContents();
    if (rows.length !== 3 || !rows.every(r => r.includes(marker))) {
      throw new Error(`expected the 3 posts of this test, got ${rows.length}: ${rows.join(" | ")}`);
    }
    await page.fill("#f-text", "");
    await page.waitForFunction(() => document.querySelectorAll("#events li").length > 3, null, { timeout: WAIT_MS });
  }],
  ["the channel filter offers the channel and keeps only its rows", async ({ page, channel }) => {
    await page.selectOption("#f-channel", channel.id);
    const rows = await page.locator("#events li").allTextContents();
    const label = "~" + channel.name;
    if (rows.length === 0 || !rows.every(r => r.includes(label))) {
      throw new Error(`expected only rows of ${label}: ${rows.slice(0, 5).join(" | ")}`);
    }
    await page.selectOption("#f-channel", "");
  }],
  ["the broadcast box shows the server's refusals; a broadcast sent from it reaches this page and a second one",
    async ctx => {
      const { page, browser } = ctx;
      const other = await pageWithToken(browser);
      await other.goto(GATEWAY_URL + "/");
      await other.locator("#bc-stream", { hasText: "live" }).waitFor({ timeout: WAIT_MS });
      await page.locator("#bc-stream", { hasText: "live" }).waitFor({ timeout: WAIT_MS });
      // 400: the gateway's own code and message ("data must be a JSON object")
      await page.fill("#bc-text", "not sent");
      await page.fill("#bc-data", "[1]");
      await page.click("#bc-send");
      await page.locator("#bc-result", { hasText: "refused (400): invalid_data: " }).waitFor({ timeout: WAIT_MS });
      console.log(`    400: ${await page.locator("#bc-result").textContent()}`);
      // 503 (Kafka did not acknowledge; BroadcastOutageIT makes the real one): the answer as the gateway gives it
      await page.route("**/v1/broadcasts", r => r.fulfill({ status: 503, contentType: "application/json",
        headers: { "Retry-After": "5" }, body: JSON.stringify({ error: "broadcast_unavailable", status: 503,
          message: "Kafka did not acknowledge the broadcast in 10000 ms; it was not sent, retry later" }) }));
      await page.click("#bc-send");
      await page.locator("#bc-result", { hasText: "not sent (503): broadcast_unavailable: Kafka did not acknowledge" })
        .waitFor({ timeout: WAIT_MS });
      if (!(await page.locator("#bc-result").textContent()).endsWith("(retry in 5 s)")) throw new Error("no retry");
      await page.unroute("**/v1/broadcasts");
      const text = `<b>bold</b> broadcast ${marker}`;
      await page.selectOption("#bc-type", "warning");
      await page.fill("#bc-text", text);
      await page.fill("#bc-data", '{"run":"' + marker + '"}');
      await page.click("#bc-send");
      await page.locator("#bc-result", { hasText: /^sent \S+/ }).waitFor({ timeout: WAIT_MS });
      const id = (await page.locator("#bc-result").textContent()).slice("sent ".length);
      if (await page.inputValue("#bc-text") !== "") throw new Error("the box kept the text of a sent broadcast");
      for (const p of [page, other]) {
        const li = p.locator(`#broadcasts li[data-id="${id}"]`);
        await li.waitFor({ timeout: WAIT_MS });
        const shown = await li.textContent();
        if (!shown.includes("warning from browser-test") || !shown.includes(text) || !shown.includes(marker)) {
          throw new Error(`the broadcast shows as ${shown}`);
        }
        if (await p.locator("#broadcasts b").count() !== 0) throw new Error("broadcast markup was parsed");
      }
      ctx.other = other; // closed by the clients step, which counts its streams
      await page.locator("#bc-panel").screenshot({ path: OUT_DIR + "/broadcasts.png" });
    }],
  ["the clients panel counts this page's SSE streams (and the second page's)", async ctx => {
    const { page } = ctx;
    // each page holds two: the updates and the broadcasts
    await page.waitForFunction(() => /\bsse ([4-9]|\d\d+)\b/.test(document.getElementById("clients").textContent),
      null, { timeout: WAIT_MS });
    const text = await page.locator("#clients").textContent();
    if (clientCount(text, "websocket") < 0 || clientCount(text, "mcp") < 0) throw new Error(`clients: ${text}`);
    console.log(`    ${text}`);
    await ctx.other.context().close();
  }],
  ["an export_channel_history operation started over MCP gets a bar that reaches completed", async ctx => {
    const { page, channel } = ctx;
    const started = await mcpTool("export_channel_history", { channel_id: channel.id });
    const id = started.operation_id;
    if (!id) throw new Error(`no operation id in ${JSON.stringify(started)}`);
    const li = page.locator(`#ops li[data-id="${id}"]`);
    await li.waitFor({ timeout: WAIT_MS });
    console.log(`    first seen as ${await li.getAttribute("class")}: ${await li.textContent()}`);
    await page.locator(`#ops li.completed[data-id="${id}"]`).waitFor({ timeout: WAIT_MS });
    const bar = await li.locator("progress")
      .evaluate(b => ({ value: b.value, anim: getComputedStyle(b).animationName }));
    const first = await page.locator("#ops li").first().getAttribute("data-id");
    if (bar.value !== 1 || bar.anim !== "none" || first !== id) {
      throw new Error(`completed bar ${JSON.stringify(bar)}, first row ${first} (want ${id}, newest first)`);
    }
    if (!(await li.textContent()).includes("export_channel_history completed")) throw new Error("no final state");
    // a running operation's bar animates, a finished one's does not (the rows as the page draws them)
    const anim = await page.evaluate(async () => {
      const { operationRow } = await import("/dashboard/panels.js");
      const ul = document.getElementById("ops"), out = {};
      for (const status of ["running", "error", "cancelled"]) {
        const li = operationRow({ operation_id: "t-" + status, tool: "x", status, progress: 0.4,
          error: status === "running" ? null : "why " + status, created_at: new Date().toISOString() });
        ul.appendChild(li);
        out[status] = getComputedStyle(li.querySelector("progress")).animationName + " | " + li.textContent;
        li.remove();
      }
      return out;
    });
    if (anim.running.split(" | ")[0] !== "pulse" || !anim.error.startsWith("none") || !anim.error.includes("why error")
        || !anim.cancelled.includes("why cancelled")) {
      throw new Error(`rows: ${JSON.stringify(anim)}`);
    }
    await page.locator("#ops-panel").screenshot({ path: OUT_DIR + "/operations.png" });
  }],
  ["the operations panel keeps 20 rows and says when the store is unreachable; bad data JSON is not sent",
    async ({ browser }) => {
      // another page, its endpoints answered by Playwright: 25 operations, shared:false
      const p = await pageWithToken(browser);
      const ops = Array.from({ length: 25 }, (_, i) => ({ operation_id: "op-" + i, tool: "t", status: "completed",
        progress: 1, message: "done", result_uri: null, error: null, created_at: new Date().toISOString() }));
      let posts = 0;
      await p.route("**/v1/operations?*", r => r.fulfill({ contentType: "application/json",
        body: JSON.stringify({ operations: ops, shared: false }) }));
      await p.route("**/v1/broadcasts", r => { posts++; return r.abort(); });
      await p.goto(GATEWAY_URL + "/");
      await p.locator("#ops-note", { hasText: "store unreachable" }).waitFor({ timeout: WAIT_MS });
      const rows = await p.locator("#ops li").evaluateAll(l => l.map(li => li.dataset.id));
      if (rows.length !== 20 || rows[0] !== "op-0" || rows[19] !== "op-19") throw new Error(`rows: ${rows}`);
      await p.fill("#bc-text", "x");
      await p.fill("#bc-data", "{not json");
      await p.click("#bc-send");
      await p.locator("#bc-result", { hasText: "data is not valid JSON" }).waitFor({ timeout: WAIT_MS });
      if (posts !== 0) throw new Error("a broadcast with bad data was posted");
      await p.context().close();
    }],
  ["every panel shows a state (an endpoint the gateway lacks is a note, not an error)", async ({ page }) => {
    await page.waitForFunction(() => !/^(loading|clients \?|health \?)/.test(
      [document.getElementById("ops-note").textContent, document.getElementById("clients").textContent,
        document.getElementById("health").textContent].join(" ")), null, { timeout: WAIT_MS });
    for (const id of ["ops-note", "clients", "bc-stream"]) {
      console.log(`    #${id}: ${await page.locator("#" + id).textContent()}`);
    }
  }],
  ["what the page keeps is capped (list, kept updates, filter choices, names, chart window)", async ({ page }) => {
    const r = await page.evaluate(async () => {
      const { Kept, prepend, offer, remember } = await import("/dashboard/store.js");
      const { Series, now } = await import("/dashboard/charts.js");
      const kept = new Kept(3);
      [1, 2, 3, 4, 5].forEach(x => kept.push(x));
      const ul = document.createElement("ul");
      for (let i = 1; i <= 5; i++) { const li = document.createElement("li"); li.textContent = i; prepend(ul, li, 3); }
      const select = document.createElement("select");
      select.appendChild(document.createElement("option"));
      ["a", "b", "c", "a"].forEach(v => offer(select, v, v, 2));
      const names = new Map();
      ["x", "y", "z", "x"].forEach((k, i) => remember(names, k, i, 2));
      const series = new Series(60);
      for (let s = now() - 100; s <= now(); s++) series.add(s, 1);
      series.trim();
      return { kept: kept.items, list: [...ul.children].map(li => li.textContent), choices: select.options.length,
        names: [...names.entries()],
        // 60 seconds, 61 if the clock ticked during the loop; none older than the window
        window: series.values.size <= 61 && [...series.values.keys()].every(k => k >= now() - 61) };
    });
    const want = { kept: [3, 4, 5], list: ["5", "4", "3"], choices: 3, names: [["x", 3], ["y", 1]], window: true };
    if (JSON.stringify(r) !== JSON.stringify(want)) {
      throw new Error(`caps: got ${JSON.stringify(r)}, want ${JSON.stringify(want)}`);
    }
  }],
  ["the stream parser: multi-line data, CRLF, comments, ids, retry; after an overflow or an end it resumes with "
    + "the Last-Event-ID header", async ({ browser }) => {
      // another page whose /events (the updates' stream; the broadcasts' goes to the gateway) Playwright answers
      const p = await pageWithToken(browser);
      const seen = [], update = (id, text) => ["id: " + id, 'data: {"resource_uri":"mattermost://new_channel_posts",',
        'data: "update_type":"created","data":{"post":{"message":"' + text + '"}}}', "", ""].join("\n");
      const bodies = [
        "retry: 1000\r\nevent: ready\r\nid: r0\r\ndata: {}\r\n\r\n: keep-alive\r\n\r\n"
          + update("e1", "parsed one " + marker) + "event: overflow\nid: o1\ndata: {}\n\n"
          + update("e9", "after the overflow, never shown " + marker),
        update("e2", "parsed two " + marker),
        "retry: 60000\n\n", // the third connection: slow the page down, the test has seen what it needs
      ];
      await p.route("**/events?*", r => {
        if (r.request().url().includes("broadcasts")) return r.continue();
        seen.push({ url: r.request().url(), last: r.request().headers()["last-event-id"] || null,
          auth: r.request().headers().authorization === "Bearer " + API_TOKEN });
        return r.fulfill({ contentType: "text/event-stream", body: bodies[Math.min(seen.length, 3) - 1] });
      });
      await p.goto(GATEWAY_URL + "/");
      await row(p, "parsed two " + marker).waitFor({ timeout: WAIT_MS });
      for (let i = 0; seen.length < 3 && i < 600; i++) await p.waitForTimeout(100);
      const rows = await p.locator("#events li .msg").allTextContents();
      const got = JSON.stringify({ rows: rows.filter(t => t.includes(marker)).map(t => t.replace(/^[^:]*: /, "")),
        last: seen.map(q => q.last), from: seen.map(q => q.url.includes("from=")), auth: seen.every(q => q.auth) });
      const want = JSON.stringify({ rows: ["parsed two " + marker, "parsed one " + marker],
        last: [null, "o1", "e2"], from: [true, false, false], auth: true });
      if (got !== want) throw new Error(`got ${got}, want ${want}`);
      await p.context().close();
    }],
  ["the forget token control drops the token: the page asks again, and no request put the token in its URL",
    async ({ page }) => {
      await page.click("#auth-forget");
      await page.locator("#auth-form", { hasText: "this gateway requires an API token" }).waitFor({ timeout: WAIT_MS });
      if (await page.evaluate(k => sessionStorage.getItem(k), TOKEN_KEY) !== null) throw new Error("token kept");
      await page.fill("#auth-token", API_TOKEN);
      await page.click("#auth-form button[type=submit]");
      await page.locator("#conn", { hasText: "live" }).waitFor({ timeout: WAIT_MS });
      if (urls.leaked.length || urls.checked < 20) {
        throw new Error(`${urls.leaked.length} of ${urls.checked} request URLs hold the token: ${urls.leaked[0]}`);
      }
      console.log(`    ${urls.checked} request URLs checked, none holds the token`);
    }],
  ["saves a screenshot", async ({ page }) => {
    await page.fill("#f-text", "");
    await page.waitForTimeout(1500); // one more chart frame with everything drawn
    await page.screenshot({ path: OUT_DIR + "/dashboard.png" });
  }],
];

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const t0 = Date.now();
  const browser = await chromium.launch({ executablePath: env("CHROMIUM"), args: ["--no-sandbox"] });
  const problems = [];
  let failed = false;
  try {
    const page = await watch(await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.on("pageerror", e => problems.push("page error: " + e.message));
    page.on("console", m => {
      // a CSP violation means the page tried something its policy forbids (inline script, another origin)
      if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
    });
    const ctx = { page, browser, channel: await channel() };
    for (const [name, step] of STEPS) {
      const s = Date.now();
      try {
        await step(ctx);
        console.log(`  ok   ${name} (${Date.now() - s} ms)`);
      } catch (e) {
        console.log(`  FAIL ${name}: ${e.message.split("\n")[0]}`);
        await page.screenshot({ path: OUT_DIR + "/failure.png" }).catch(() => {});
        failed = true;
        break;
      }
    }
    if (!failed && problems.length) {
      console.log("  FAIL the page reported problems:\n    " + problems.join("\n    "));
      await page.screenshot({ path: OUT_DIR + "/failure.png" }).catch(() => {});
      failed = true;
    }
  } finally {
    await browser.close();
  }
  console.log(`browser test ${failed ? "FAILED" : "passed"} in ${((Date.now() - t0) / 1000).toFixed(1)} s`
    + (failed ? ` (see ${OUT_DIR}/failure.png)` : `; screenshot ${OUT_DIR}/dashboard.png`));
  process.exit(failed ? 1 : 0);
}

main().catch(e => { console.error("browser test could not run: " + e.message); process.exit(1); });
