#!/usr/bin/env node
// Browser test of the client self-report link (issue 4) against the real Daybreak server.
//
// Needs DAYBREAK_BIN (the built server binary, serving frontend/dist) and Chromium at
// /usr/bin/chromium (override with CHROMIUM_PATH). Starts `$DAYBREAK_BIN serve --demo` on a
// free port with a throwaway SQLite database, signs in as the demo clinician through the API,
// makes a link for a demo client through the API, then runs three flows:
//   1. staff: schedule a PHQ-9, create a link in the dashboard (URL and QR code), revoke it;
//   2. client: open the link at 360×740 and claim it for this phone ("Is this Sam's phone?"),
//      check in reporting use, see the kind message and the three numbers (total clean days
//      drops by at most today's one day, never resets), answer a due questionnaire; axe-core
//      finds no serious or critical violation on the first-open step, the form, the thank-you
//      screen and the inactive-link screen. Then the same URL in a second browser context
//      (the staff's browser, which saw the token) shows no figure and cannot check in;
//   3. staff: the check-in shows with its source, the result in Measures, the alert in Alerts;
//   4. the client's plan (e2e/selfreport-plan.mjs): the clinician writes it in the dashboard at
//      360 px, the phone reports use and sees its first steps and a tel: button, "My plan";
//      offline the page still shows the plan and crisis help after a reload, and a check-in
//      made offline is sent once when the phone is back online; the page's JavaScript budget
//      and its first render on throttled 3G.
// Prints a closing line "N passed, N failed" and exits non-zero on failure.

import { spawn } from "node:child_process";
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { planFlow } from "./selfreport-plan.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const screenshotDir = join(here, "screenshots");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const DEMO_EMAIL = "clinician@demo.daybreak.example";
const DEMO_PASSWORD = "demo-password-2026";
const PHONE = { width: 360, height: 740 };
const WIDE = { width: 1280, height: 860 };
const NARROW = { width: 390, height: 844 };
const HEALTH_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

/** The kind words the page shows after a reported use (src/selfreport/text.ts). */
const USED_MESSAGE =
  "A slip is a moment, not who you are. Right now is a good time to start again.";
const NOT_ACTIVE =
  "This link is no longer active. Please ask your care team for a new one.";
/** Words that must never be on the client's screen. */
const REVEALING =
  /addiction|rehab|sobriety|sober|relapse|clean|recovery|substance|treatment/i;
const SHAMING = /fail|reset/i;
const VIEW_KEYS = [
  "claim_required",
  "first_name",
  "practice_name",
  "today",
  "current_streak_days",
  "clean_days_last_30",
  "total_clean_days",
  "checked_in_today",
  "today_check_in",
  "crisis_text",
  "due_measures",
  "substances",
  "time_zone",
  "plan",
  "safety_plan",
  "asks_medication",
  "next_appointment",
];

let server = null;
let browser = null;
let currentPage = null;
let workDir = null;
const serverLog = [];
/** What the setup and the flows share. */
const shared = {};

function log(message) {
  console.log(`e2e: ${message}`);
}

function finish(passed, failed) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function waitForHealth(baseUrl) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let lastProblem = "no answer yet";
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `the server exited early (code ${server.exitCode}, signal ${server.signalCode})`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (res.status === 200) return;
      lastProblem = `GET /healthz answered ${res.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(
    `the server did not become healthy within 60 s (${lastProblem})`,
  );
}

async function stopServer() {
  const child = server;
  server = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timedOut = await Promise.race([
    exited.then(() => false),
    sleep(5_000).then(() => true),
  ]);
  if (timedOut) {
    child.kill("SIGKILL");
    await Promise.race([exited, sleep(2_000)]);
  }
}

async function cleanUp() {
  if (browser) {
    await browser.close().catch(() => {});
    browser = null;
  }
  await stopServer();
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
    workDir = null;
  }
}

let interrupted = false;

function onSignal(signal) {
  interrupted = true;
  log(`received ${signal}, stopping the server`);
  if (server && server.exitCode === null) server.kill("SIGKILL");
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  const closing = browser ? browser.close().catch(() => {}) : Promise.resolve();
  Promise.race([closing, sleep(2_000)]).finally(() => {
    console.log("0 passed, 1 failed");
    process.exit(130);
  });
}
process.once("SIGINT", onSignal);
process.once("SIGTERM", onSignal);

async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
  log(`screenshot ${path}`);
}

/** Full-page screenshots of a dashboard page at 1280 px and at 390 px wide. */
async function screenshotBoth(page, name) {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize(NARROW);
  await page.waitForTimeout(150);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize(WIDE);
}

async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A fresh page that records CSP violations and uncaught errors; check() throws on any. */
async function openPage(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  currentPage = page;
  const cspViolations = [];
  const pageErrors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) {
      cspViolations.push(msg.text());
    }
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  const check = () => {
    if (pageErrors.length > 0)
      throw new Error(`the page threw: ${pageErrors.join(" | ")}`);
    if (cspViolations.length > 0) {
      throw new Error(
        `Content Security Policy violations: ${cspViolations.join(" | ")}`,
      );
    }
  };
  return { page, context, check };
}

/** A JSON call to the API; returns the status and the parsed body. */
async function api(method, path, { token, body } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(`${shared.baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { status: res.status, data };
}

async function apiExpect(method, path, expected, options) {
  const { status, data } = await api(method, path, options);
  const wanted = Array.isArray(expected) ? expected : [expected];
  expect(
    wanted.includes(status),
    `${method} ${path} answered ${status} (expected ${wanted.join(" or ")}): ${JSON.stringify(data).slice(0, 300)}`,
  );
  return { status, data };
}

/** The source of axe-core, injected into a page to check it. */
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

/**
 * Runs axe-core on the page and fails on any serious or critical violation.
 * page.addScriptTag({content}) would add an inline <script>, which the server's CSP
 * (script-src 'self') refuses; evaluating the source through the DevTools protocol is not
 * subject to the page's CSP, so the app keeps its real policy while it is checked.
 */
async function checkAccessibility(page, what) {
  if (!(await page.evaluate(() => typeof globalThis.axe === "object"))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(globalThis.document, {
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  const bad = violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  for (const v of violations) {
    log(
      `axe (${what}): ${v.impact} ${v.id}: ${v.help} [${v.targets.join(", ")}]`,
    );
  }
  expect(
    bad.length === 0,
    `axe found ${bad.length} serious or critical violation(s) on ${what}: ${bad.map((v) => v.id).join(", ")}`,
  );
  log(`axe (${what}): no serious or critical violations`);
}

/** Every check a client screen must pass: crisis help, neutral words, big targets. */
async function checkClientScreen(page, what) {
  const crisis = page.getByRole("complementary", {
    name: "Need help right now?",
  });
  await crisis.waitFor();
  for (const [name, href] of [
    ["Call 988", "tel:988"],
    ["Text 988", "sms:988"],
    ["Call 911", "tel:911"],
  ]) {
    const link = crisis.getByRole("link", { name });
    expect(
      (await link.getAttribute("href")) === href,
      `${what}: crisis link "${name}" is missing`,
    );
  }
  await crisis.getByText(/not watched in real time/).waitFor();

  const text = await page.evaluate(() => globalThis.document.body.innerText);
  const title = await page.title();
  const withoutPractice = `${text} ${title}`
    .split(shared.view?.practice_name ?? "\u0000")
    .join(" ");
  const revealing = withoutPractice.match(REVEALING);
  expect(!revealing, `${what}: the screen says "${revealing?.[0]}"`);
  expect(
    !REVEALING.test(new URL(page.url()).pathname),
    `${what}: the address reveals too much`,
  );

  const overflow = await page.evaluate(
    () =>
      globalThis.document.documentElement.scrollWidth - globalThis.innerWidth,
  );
  expect(overflow <= 0, `${what}: the page scrolls sideways by ${overflow}px`);

  const small = await page.evaluate(() =>
    [
      ...globalThis.document.querySelectorAll(
        "main button, main .sr-option-face, main select, aside a.sr-button",
      ),
    ]
      .filter((el) => el.offsetParent !== null)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return {
          text: (el.textContent ?? "").trim().slice(0, 30),
          w: r.width,
          h: r.height,
        };
      })
      .filter((r) => r.w < 44 || r.h < 44),
  );
  expect(
    small.length === 0,
    `${what}: touch targets under 44 px: ${JSON.stringify(small.slice(0, 5))}`,
  );
}

/** No red anywhere on the client's screen (text, backgrounds or borders). */
async function checkNoRed(page, what) {
  const reds = await page.evaluate(() => {
    const found = [];
    for (const el of globalThis.document.querySelectorAll("body *")) {
      if (el.offsetParent === null && el.tagName !== "BODY") continue;
      const style = globalThis.getComputedStyle(el);
      for (const prop of ["color", "backgroundColor", "borderTopColor"]) {
        const m = /rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)/.exec(
          style[prop],
        );
        if (!m || m[4] === "0") continue;
        const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
        if (r >= 140 && r - Math.max(g, b) >= 80)
          found.push(`${el.tagName.toLowerCase()}.${el.className} ${prop}`);
      }
    }
    return found;
  });
  expect(reds.length === 0, `${what}: red on screen: ${reds.slice(0, 5)}`);
}

/** The three numbers on the thank-you screen, by their labels. */
async function readNumbers(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...globalThis.document.querySelectorAll(".sr-number")].map((n) => [
        n.querySelector("dt")?.textContent ?? "",
        n.querySelector("dd")?.textContent ?? "",
      ]),
    ),
  );
}

/** Sign in through the API, find a demo client with clean time, make a link for it. */
async function setUp() {
  const login = await apiExpect("POST", "/auth/login", 200, {
    body: { email: DEMO_EMAIL, password: DEMO_PASSWORD },
  });
  shared.token = login.data.access_token;
  const clients = await apiExpect("GET", "/clients?per_page=100", 200, {
    token: shared.token,
  });
  const client = clients.data.items.find(
    (c) =>
      c.status === "active" &&
      c.recovery_start_date &&
      (c.current_streak_days ?? 0) > 0,
  );
  expect(client, "no demo client has a recovery start and a current streak");
  shared.client = client;
  log(
    `client: ${client.first_name} ${client.last_name} (streak ${client.current_streak_days})`,
  );

  shared.link = await issueLink();
}

/** A new 30-day link for the shared client, through the API (it replaces any earlier one). */
async function issueLink() {
  const link = await apiExpect(
    "POST",
    `/clients/${shared.client.id}/self-report-links`,
    201,
    { token: shared.token, body: { expires_in_days: 30 } },
  );
  const l = link.data;
  expect(
    typeof l.token === "string" && l.token.length >= 16,
    `the link's token looks wrong: ${JSON.stringify(l.token)}`,
  );
  expect(
    l.url === `${shared.baseUrl}/r/${l.token}`,
    `the link's url is ${l.url}, expected ${shared.baseUrl}/r/<token>`,
  );
  expect(l.status === "active", `a new link's status is ${l.status}`);
  const days = (Date.parse(l.expires_at) - Date.now()) / 86_400_000;
  expect(
    days > 29 && days <= 30.01,
    `expires_at ${l.expires_at} is not 30 days away`,
  );
  return l;
}

/** Flow 1: the staff side in the dashboard: a schedule, a link with its QR code, a revoke. */
/** Signs the demo clinician in through the dashboard's sign-in page. */
async function signInAsClinician(page) {
  await page.goto(`${shared.baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Clients", exact: true }).waitFor();
}

async function staffLinkFlow() {
  const { page, context, check } = await openPage({ viewport: WIDE });
  const { baseUrl, client } = shared;
  await signInAsClinician(page);

  log("scheduling a PHQ-9 every 14 days");
  await page.goto(`${baseUrl}/clients/${client.id}?tab=measures`);
  const measures = page.getByRole("tabpanel", { name: "Measures" });
  await measures
    .getByLabel("Questionnaire", { exact: true })
    .selectOption("phq9");
  await measures.getByLabel("Every", { exact: true }).selectOption("14");
  const scheduled = page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      /\/measure-schedules$/.test(new URL(r.url()).pathname),
  );
  await measures
    .getByRole("button", { name: /^(Schedule|Replace schedule)$/ })
    .click();
  const scheduleStatus = (await scheduled).status();
  expect(
    scheduleStatus === 201 || scheduleStatus === 200,
    `scheduling answered ${scheduleStatus}`,
  );
  await measures.getByText(/^PHQ-9 every 14 days/).waitFor();
  await measures.getByRole("button", { name: "Stop PHQ-9" }).waitFor();

  log("creating a link in the dashboard");
  await page.getByRole("tab", { name: "Self-report" }).click();
  const panel = page.getByRole("tabpanel", { name: "Self-report" });
  await panel.getByRole("region", { name: "Self-report link" }).waitFor();
  const created = page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      /\/self-report-links$/.test(new URL(r.url()).pathname),
  );
  await panel.getByRole("button", { name: "Create link" }).click();
  const createdResponse = await created;
  expect(
    createdResponse.status() === 201,
    `creating a link answered ${createdResponse.status()}`,
  );
  expect(
    JSON.parse(createdResponse.request().postData() ?? "{}").expires_in_days ===
      90,
    "the default expiry sent is not 90 days",
  );
  const fresh = panel.getByRole("group", { name: "New link" });
  const url = await fresh.getByLabel("Link", { exact: true }).inputValue();
  expect(/\/r\/[^/]+$/.test(url), `the shown link is "${url}"`);
  await fresh.getByRole("img", { name: "QR code of the link" }).waitFor();
  await screenshotBoth(page, "sr-staff-01-new-link");
  await checkAccessibility(page, "the client page's Self-report tab");

  log("revoking the dashboard's link");
  await fresh.getByRole("button", { name: "Done" }).click();
  const table = panel.getByRole("table", { name: "Self-report links" });
  const newest = table.locator("tbody tr").first();
  await newest.getByText("Active").waitFor();
  await newest.getByRole("button", { name: /^Revoke the link/ }).click();
  const revoked = page.waitForResponse((r) =>
    /\/self-report-links\/[^/]+\/revoke$/.test(new URL(r.url()).pathname),
  );
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: "Yes, revoke" })
    .click();
  expect(
    (await revoked).status() === 200,
    "revoking the link did not answer 200",
  );
  await panel.getByText("Link revoked. It no longer works.").waitFor();
  await newest.getByText("Revoked", { exact: true }).first().waitFor();
  const uiToken = decodeURIComponent(url.split("/r/")[1]);
  await apiExpect("GET", `/self-report/${encodeURIComponent(uiToken)}`, 404);
  // The dashboard's new link replaced the one made before it (a client has one link).
  await apiExpect(
    "GET",
    `/self-report/${encodeURIComponent(shared.link.token)}`,
    404,
  );
  check();
  await context.close();
}

/** Flow 2: the client checks in on a phone, reporting use. */
async function clientCheckInFlow() {
  shared.link = await issueLink();
  const { link } = shared;
  // The token alone (as the staff who issued it hold it) opens the first-open step only.
  const prompt = (
    await apiExpect(
      "GET",
      `/self-report/${encodeURIComponent(link.token)}`,
      200,
    )
  ).data;
  expect(
    JSON.stringify(Object.keys(prompt).sort()) ===
      JSON.stringify([
        "claim_required",
        "crisis_text",
        "first_name",
        "practice_name",
      ]) && prompt.claim_required === true,
    `an unclaimed link shows more than the first-open step: ${JSON.stringify(prompt)}`,
  );

  const { page, context, check } = await openPage({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  });
  log("opening the link on a 360 px phone: the first-open step");
  await page.goto(link.url);
  await page
    .getByRole("heading", {
      level: 1,
      name: `Is this ${prompt.first_name}'s phone?`,
    })
    .waitFor();
  await checkClientScreen(page, "the first-open step");
  await screenshot(page, "sr-00-claim-360");
  await checkAccessibility(page, "the first-open step");
  const claimed = page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      /\/claim$/.test(new URL(r.url()).pathname),
  );
  await page.getByRole("button", { name: "Yes, continue" }).tap();
  const claimResponse = await claimed;
  expect(
    claimResponse.status() === 200,
    `claiming the link answered ${claimResponse.status()}`,
  );
  const cookie = (await context.cookies()).find(
    (c) => c.name === "daybreak_device",
  );
  expect(
    cookie && cookie.httpOnly && cookie.sameSite === "Strict",
    `the device cookie is ${JSON.stringify(cookie)}`,
  );
  const before = await claimResponse.json();
  shared.view = before;
  const extra = Object.keys(before).filter((k) => !VIEW_KEYS.includes(k));
  const missing = VIEW_KEYS.filter((k) => !(k in before));
  expect(
    missing.length === 0,
    `the view lacks ${missing.join(", ")} (contract)`,
  );
  expect(
    extra.length === 0,
    `the view exposes more than the contract: ${extra.join(", ")}`,
  );
  log(
    `before: streak ${before.current_streak_days}, last 30 ${before.clean_days_last_30}, total ${before.total_clean_days}, checked in today ${before.checked_in_today}`,
  );

  if (before.checked_in_today) {
    await page
      .getByRole("heading", { level: 1, name: "You've checked in today" })
      .waitFor();
    await page.getByRole("button", { name: "Change today's answers" }).click();
  }
  await page
    .getByRole("heading", { level: 1, name: `Hi ${before.first_name}` })
    .waitFor();
  const title = await page.title();
  expect(
    title === `Daily check-in · ${before.practice_name}`,
    `the title is "${title}"`,
  );
  await checkClientScreen(page, "the check-in form");
  await screenshot(page, "sr-01-form-360");
  await checkAccessibility(page, "the check-in form");

  log("checking in: used today");
  const used = page.getByRole("group", { name: "Did you use today?" });
  await used.getByRole("radio", { name: "Yes" }).tap();
  if (before.substances.length > 0) {
    const what = page.getByRole("group", { name: "What was it? (optional)" });
    await what.waitFor();
    await what.getByRole("checkbox").first().tap();
  }
  await page
    .getByRole("group", { name: /urges today/ })
    .getByRole("radio", { name: "7", exact: true })
    .tap();
  await page
    .getByRole("group", { name: /mood today/ })
    .getByRole("radio", { name: "4", exact: true })
    .tap();
  await screenshot(page, "sr-02-form-filled-360");
  const sent = page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      /\/check-ins$/.test(new URL(r.url()).pathname),
  );
  await page
    .getByRole("button", { name: /^(Send check-in|Save changes)$/ })
    .tap();
  const response = await sent;
  const expectedStatus = before.checked_in_today ? 200 : 201;
  expect(
    response.status() === expectedStatus,
    `the check-in answered ${response.status()} (expected ${expectedStatus})`,
  );
  const after = await response.json();

  await page
    .getByRole("heading", {
      level: 1,
      name: `Thank you for checking in, ${before.first_name}`,
    })
    .waitFor();
  await page.getByRole("main").getByText(USED_MESSAGE).waitFor();
  await page
    .getByRole("main")
    .getByText(/sponsor, go to a meeting, or send your therapist/)
    .waitFor();
  const text = await page.evaluate(() => globalThis.document.body.innerText);
  expect(
    !SHAMING.test(text),
    `the thank-you screen says "${text.match(SHAMING)?.[0]}"`,
  );
  await checkClientScreen(page, "the thank-you screen");
  await checkNoRed(page, "the thank-you screen");

  const shown = await readNumbers(page);
  log(`after: ${JSON.stringify(shown)}`);
  const total = "Good days since you started";
  expect(
    Object.keys(shown).length === 3 &&
      shown["Days in a row"] !== undefined &&
      shown["Good days in the last 30"] !== undefined,
    "the three numbers are not shown together",
  );
  expect(
    shown[total] === String(after.total_clean_days ?? "–") ||
      (after.total_clean_days === null && /not known/.test(shown[total])),
    `the page shows ${shown[total]} good days, the API ${after.total_clean_days}`,
  );
  expect(after.current_streak_days === 0, "a use today leaves no 0-day streak");
  // DOMAIN.md: total clean days never resets. Today was counted as not used (unknown or
  // reported abstinent) unless it was already used, so it can drop by that one day only.
  const todayWasUsed = before.current_streak_days === 0;
  const expectedTotal =
    before.total_clean_days === null
      ? null
      : before.total_clean_days - (todayWasUsed ? 0 : 1);
  expect(
    after.total_clean_days === expectedTotal,
    `total clean days went from ${before.total_clean_days} to ${after.total_clean_days} (expected ${expectedTotal}: only today changes)`,
  );
  if (after.total_clean_days === before.total_clean_days) {
    log("total clean days unchanged");
  } else {
    log(
      `total clean days ${before.total_clean_days} -> ${after.total_clean_days}: only today became a use day; nothing was reset`,
    );
  }
  expect(
    after.clean_days_last_30 >= before.clean_days_last_30 - 1 &&
      after.clean_days_last_30 <= before.clean_days_last_30,
    `clean days in the last 30 went from ${before.clean_days_last_30} to ${after.clean_days_last_30}`,
  );
  await screenshot(page, "sr-03-thanks-after-use-360");
  await checkAccessibility(page, "the thank-you screen");

  const due = after.due_measures ?? [];
  if (due.some((m) => m.code === "phq9")) {
    log("answering the due PHQ-9");
    await page.getByRole("button", { name: "Answer now" }).tap();
    await page
      .getByRole("heading", { level: 1, name: "A few more questions" })
      .waitFor();
    await checkClientScreen(page, "the questionnaire");
    await checkAccessibility(page, "the questionnaire");
    // Answer the PHQ-9 if it is shown first; a GAD-7 first is answered the same way.
    const groups = page.locator("main fieldset");
    const count = await groups.count();
    for (let i = 0; i < count; i += 1) {
      await groups
        .nth(i)
        .getByRole("radio", { name: i === 0 ? "Several days" : "Not at all" })
        .check();
    }
    const measured = page.waitForResponse((r) =>
      /\/measures$/.test(new URL(r.url()).pathname),
    );
    await page.getByRole("button", { name: "Send answers" }).click();
    const measureResponse = await measured;
    expect(
      measureResponse.status() === 201,
      `sending the questionnaire answered ${measureResponse.status()}`,
    );
    await page
      .getByText("Thank you. Your answers were sent to your care team.")
      .first()
      .waitFor();
    const body = await page.evaluate(() => globalThis.document.body.innerText);
    expect(
      !/minimal|mild|moderate|severe|score/i.test(body),
      "the client sees their band or score",
    );
    shared.measured = true;
    await screenshot(page, "sr-04-questionnaire-thanks-360");
  } else {
    log(
      `no PHQ-9 due right after scheduling (due: ${due.map((m) => m.code).join(", ") || "none"})`,
    );
  }

  log("reloading: today's check-in is known");
  await page.reload();
  await page
    .getByRole("heading", { level: 1, name: "You've checked in today" })
    .waitFor();
  const again = await readNumbers(page);
  expect(
    again[total] === shown[total],
    `after a reload the page shows ${again[total]} good days`,
  );
  await checkClientScreen(page, "the checked-in screen");
  await screenshot(page, "sr-05-already-checked-in-360");

  log("opening a link that does not exist");
  await page.goto(`${shared.baseUrl}/r/not-a-real-link-0123456789`);
  await page.getByText(NOT_ACTIVE).waitFor();
  await checkClientScreen(page, "the inactive-link screen");
  await screenshot(page, "sr-06-inactive-360");
  await checkAccessibility(page, "the inactive-link screen");
  check();
  await context.close();

  await staffBrowserSeesNothing(link, before);

  const today = before.today;
  const checkIns = await apiExpect(
    "GET",
    `/clients/${shared.client.id}/check-ins?from=${today}&to=${today}`,
    200,
    { token: shared.token },
  );
  const mine = checkIns.data.items.find((c) => c.day === today);
  expect(
    mine && mine.used === true && mine.source === "self_report",
    `today's check-in as staff see it: ${JSON.stringify(mine)}`,
  );
}

/**
 * The same URL in a second browser context (the staff's browser, which saw the token when
 * the link was made): no figure, no form, and a check-in sent from there is refused.
 */
async function staffBrowserSeesNothing(link, view) {
  const { page, context, check } = await openPage({ viewport: NARROW });
  log("opening the claimed link in a second browser (the staff's)");
  await page.goto(link.url);
  await page.getByText(NOT_ACTIVE).waitFor();
  const text = await page.evaluate(() => globalThis.document.body.innerText);
  for (const words of [
    "Days in a row",
    "Good days",
    "Did you use",
    view.first_name,
  ]) {
    expect(!text.includes(words), `the staff's browser shows "${words}"`);
  }
  const forged = await page.evaluate(async (token) => {
    const r = await fetch(`/api/v1/self-report/${token}/check-ins`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        used: false,
        craving: 0,
        mood: 10,
        attended_meeting: true,
        contacted_sponsor: true,
      }),
    });
    return r.status;
  }, encodeURIComponent(link.token));
  expect(
    forged === 404,
    `a check-in from the staff's browser answered ${forged}`,
  );
  await screenshot(page, "sr-07-staff-browser-390");
  check();
  await context.close();
}

/** Flow 3: staff see the client's check-in, result and alert in the dashboard. */
async function staffFollowUpFlow() {
  const { page, context, check } = await openPage({ viewport: WIDE });
  const { baseUrl, client } = shared;
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Clients", exact: true }).waitFor();

  log("the alert for the reported use");
  await page.getByRole("link", { name: "Alerts" }).click();
  await page.getByRole("heading", { name: "Alerts", exact: true }).waitFor();
  const name = `${client.first_name} ${client.last_name}`;
  const row = page
    .locator("tbody tr")
    .filter({ hasText: name })
    .filter({ hasText: "Reported use" })
    .first();
  await row.waitFor();
  await screenshot(page, "sr-staff-02-alerts-1280");
  await row.getByRole("link", { name }).click();

  log("the check-in in the Self-report tab");
  await page
    .getByRole("tab", { name: "Self-report", selected: true })
    .waitFor();
  const checkIns = page.getByRole("table", {
    name: "Check-ins, most recent first",
  });
  const first = checkIns.locator("tbody tr").first();
  await first.getByText("Client (link)").waitFor();
  await first.getByText("Used", { exact: true }).waitFor();
  const linkRows = page
    .getByRole("table", { name: "Self-report links" })
    .locator("tbody tr");
  await linkRows.first().waitFor();
  const cells = await linkRows.evaluateAll((rows) =>
    rows.map((r) =>
      [...r.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim()),
    ),
  );
  expect(
    cells.some((c) => c[4] && c[4] !== "Not yet"),
    `no link shows a last use: ${JSON.stringify(cells)}`,
  );
  expect(
    cells.some((c) => /^Opened on a phone on /.test(c[3] ?? "")),
    `no link shows that a phone opened it: ${JSON.stringify(cells)}`,
  );
  await screenshotBoth(page, "sr-staff-03-check-ins");

  if (shared.measured) {
    log("the result in the Measures tab");
    await page.getByRole("tab", { name: "Measures" }).click();
    const measures = page.getByRole("tabpanel", { name: "Measures" });
    await measures
      .getByRole("img", { name: /total over time/ })
      .first()
      .waitFor();
    await measures
      .getByRole("table", { name: "Questionnaire results, most recent first" })
      .locator("tbody tr")
      .first()
      .getByText("Minimal")
      .waitFor();
    await screenshotBoth(page, "sr-staff-04-measures");
    await checkAccessibility(page, "the Measures tab");
  }
  check();
  await context.close();
}

/** What the plan flow (e2e/selfreport-plan.mjs) uses of this runner. */
const helpers = {
  shared,
  log,
  expect,
  api,
  apiExpect,
  openPage,
  screenshot,
  checkClientScreen,
  checkNoRed,
  checkAccessibility,
  signIn: signInAsClinician,
};

const FLOWS = [
  ["staff link flow", staffLinkFlow],
  ["client check-in flow", clientCheckInFlow],
  ["staff follow-up flow", staffFollowUpFlow],
  ["client plan flow", () => planFlow(helpers)],
];

function report(error) {
  const message = error instanceof Error ? error.message : String(error);
  log(`FAILED: ${message.split("\n").slice(0, 12).join("\n")}`);
  if (serverLog.length > 0) {
    log("last server output:");
    for (const line of serverLog.slice(-40)) console.log(`  | ${line}`);
  }
}

async function main() {
  const bin = process.env.DAYBREAK_BIN;
  if (!bin) {
    log("DAYBREAK_BIN is not set. Build the server and run:");
    log(
      "  DAYBREAK_BIN=/path/to/target/release/daybreak npm run test:e2e:selfreport",
    );
    finish(0, 1);
    return;
  }
  const binPath = resolve(bin);
  if (!isExecutable(binPath)) {
    log(`DAYBREAK_BIN=${bin} is not an executable file.`);
    finish(0, 1);
    return;
  }
  if (!isExecutable(chromiumPath)) {
    log(
      `Chromium is not at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
    finish(0, 1);
    return;
  }

  try {
    workDir = mkdtempSync(join(tmpdir(), "daybreak-e2e-sr-"));
    const port = await freePort();
    shared.baseUrl = `http://127.0.0.1:${port}`;
    log(`starting ${binPath} serve --demo on ${shared.baseUrl}`);
    server = spawn(binPath, ["serve", "--demo"], {
      env: {
        ...process.env,
        DATABASE_URL: `sqlite://${workDir}/e2e.db?mode=rwc`,
        DAYBREAK_ADDR: `127.0.0.1:${port}`,
        DAYBREAK_PUBLIC_URL: shared.baseUrl,
        DAYBREAK_JWT_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk) => {
      serverLog.push(...chunk.toString().split("\n").filter(Boolean));
      if (serverLog.length > 200) serverLog.splice(0, serverLog.length - 200);
    };
    server.stdout.on("data", keep);
    server.stderr.on("data", keep);
    server.on("error", (error) =>
      serverLog.push(`spawn error: ${error.message}`),
    );
    await waitForHealth(shared.baseUrl);
    log("server is healthy");
    await setUp();
    await launchBrowser();
  } catch (error) {
    if (interrupted) return;
    report(error);
    finish(0, FLOWS.length);
    await cleanUp();
    return;
  }

  let passed = 0;
  let failed = 0;
  try {
    for (const [name, flow] of FLOWS) {
      if (interrupted) return;
      try {
        await flow();
        passed += 1;
        log(`${name} passed`);
      } catch (error) {
        if (interrupted) return;
        failed += 1;
        log(`${name} FAILED`);
        report(error);
        if (currentPage && !currentPage.isClosed()) {
          await screenshot(
            currentPage,
            `failed-${name.replace(/\W+/g, "-")}`,
          ).catch(() => {});
        }
      }
    }
    finish(passed, failed);
  } finally {
    await cleanUp();
  }
}

await main();
