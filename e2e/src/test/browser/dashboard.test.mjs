// The dashboard in a real browser: headless Chromium driven by playwright-core against a running pipeline
// (./mmpipe browser-test starts the demo stack: Kafka, the Mattermost simulator, ingestor, processor, gateway).
// Each step is one entry of STEPS, run in order; the first failure saves target/browser/failure.png and fails.
//
// Environment: GATEWAY_URL, MM_URL, MM_TOKEN (the simulator and its bot token), CHROMIUM (the browser binary),
// PLAYWRIGHT_DIR (where playwright-core is installed), OUT_DIR (screenshots).
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";

const env = name => {
  const v = process.env[name];
  if (!v) { console.error(`browser test: ${name} is not set`); process.exit(2); }
  return v;
};
const GATEWAY_URL = env("GATEWAY_URL"), MM_URL = env("MM_URL").replace(/\/$/, ""), MM_TOKEN = env("MM_TOKEN");
const OUT_DIR = env("OUT_DIR");
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

const STEPS = [
  ["opens the dashboard and goes live", async ({ page }) => {
    await page.goto(GATEWAY_URL + "/");
    await page.locator("#conn", { hasText: "live" }).waitFor({ timeout: WAIT_MS });
    // the page has decided whether it got the history (from=PT10M) or went on live, and says which
    await page.locator("#history", { hasText: /^history: / }).waitFor({ timeout: WAIT_MS });
    console.log(`    ${await page.locator("#history").textContent()}`);
    // never a blank list: rows, or a line saying what the page waits for
    const shown = await page.evaluate(() => {
      const empty = document.getElementById("empty");
      const rows = document.querySelectorAll("#events li").length;
      return rows || (!empty.classList.contains("hidden") && empty.textContent);
    });
    if (!shown) throw new Error("the update list is blank");
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
    if (rows.length !== 2 || !rows.every(r => r.includes(marker))) {
      throw new Error(`expected the 2 posts of this test, got ${rows.length}: ${rows.join(" | ")}`);
    }
    await page.fill("#f-text", "");
    await page.waitForFunction(() => document.querySelectorAll("#events li").length > 2, null, { timeout: WAIT_MS });
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
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("pageerror", e => problems.push("page error: " + e.message));
    page.on("console", m => {
      // a CSP violation means the page tried something its policy forbids (inline script, another origin)
      if (m.type() === "error" && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
    });
    const ctx = { page, channel: await channel() };
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
