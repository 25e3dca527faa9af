#!/usr/bin/env node
// Browser test of the dashboard embedded in the real Daybreak server.
//
// Needs DAYBREAK_BIN (the built server binary) and Chromium at /usr/bin/chromium
// (override with CHROMIUM_PATH). Starts `$DAYBREAK_BIN serve --demo` on a free port with a
// throwaway SQLite database and runs two flows as the demo clinician: add a client and find it
// again; then open a demo client's record, write and sign a SOAP note, add an addendum, record
// a lapse for today and see the current streak change. A third flow, as the demo owner, filters
// the audit log by "client.read" and exports it as CSV. A fourth, as the clinician, previews and
// downloads a client's PDF progress report, then runs a report export and downloads its zip
// (screenshots of both in $SHOTS_DIR, default /tmp/shots). A fifth, as the owner, changes the
// crisis line text in the practice settings and sees it kept after a reload. A sixth, on a
// server of its own (turning on the owner's two-factor would stop the other flows signing in
// with the password alone), sets up two-factor sign-in with a TOTP code computed here, signs
// in again with the next code, then with a recovery code (screenshots in $SHOTS_DIR too).
// Screenshots 390 px wide also check that the page does not scroll sideways.
// Prints a closing line "N passed, N failed" and exits non-zero on failure.

import { execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { calendarFlow } from "./calendar-flow.mjs";
import { groupsFlow } from "./groups-flow.mjs";
import { screensFlow } from "./screens-flow.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const screenshotDir = join(here, "screenshots");
const shotsDir = process.env.SHOTS_DIR || "/tmp/shots";
const EXPORT_TIMEOUT_MS = 120_000;
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const DEMO_EMAIL = "clinician@demo.daybreak.example";
const DEMO_PASSWORD = "demo-password-2026";
const OWNER_EMAIL = "owner@demo.daybreak.example";
const OWNER_NAME = "Olivia Bennett";
const NEW_CLIENT = { first: "Zoë", last: "Testperson" };
const NARROW = { width: 390, height: 844 };
const WIDE = { width: 1280, height: 860 };
const HEALTH_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

/** Every server started and not yet stopped: cleanUp and a signal stop them all. */
const servers = new Set();
let browser = null;
/** The page of the flow that is running, for a screenshot when it fails. */
let currentPage = null;
let workDir = null;
const serverLog = [];

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

async function waitForHealth(server, baseUrl) {
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

async function stopServer(child) {
  servers.delete(child);
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
  for (const child of [...servers]) await stopServer(child);
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
    workDir = null;
  }
}

let interrupted = false;

function onSignal(signal) {
  interrupted = true;
  log(`received ${signal}, stopping the servers`);
  // Kill the servers first and synchronously: nothing may keep them alive after we go.
  for (const child of servers)
    if (child.exitCode === null) child.kill("SIGKILL");
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
  await page.screenshot({ path, fullPage: true });
  log(`screenshot ${path}`);
}

/** Pages through the client list until the new client shows up (the demo may have many). */
async function findClientInList(page, name) {
  for (let i = 0; i < 20; i += 1) {
    const link = page.getByRole("link", { name, exact: true });
    if ((await link.count()) > 0) return link.first();
    const next = page.getByRole("button", { name: "Next" });
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    const current = (await page.getByText(/^Showing /).textContent()) ?? "";
    await next.click();
    await page
      .getByText(current, { exact: true })
      .waitFor({ state: "detached" });
  }
  throw new Error(`"${name}" is not in the client list`);
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
async function openPage() {
  const context = await browser.newContext({ viewport: WIDE });
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

async function signIn(page, baseUrl, shot, email = DEMO_EMAIL) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  if (shot) await screenshot(page, shot);
  log(`signing in as ${email}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Clients", exact: true }).waitFor();
}

/** Throws when the page is wider than the viewport (it would scroll sideways on a phone). */
async function expectNoSidewaysScroll(page, name) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: globalThis.document.documentElement.scrollWidth,
    innerWidth: globalThis.innerWidth,
  }));
  if (scrollWidth > innerWidth) {
    throw new Error(
      `${name} is ${scrollWidth} px wide in a ${innerWidth} px window`,
    );
  }
}

/** Full-page screenshots at 1280 px and at 390 px wide. */
async function screenshotBoth(page, name) {
  // The header is sticky: from a scrolled page it would land mid-way down a full-page shot.
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize(NARROW);
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await page.waitForTimeout(150);
  await screenshot(page, `${name}-390`);
  await expectNoSidewaysScroll(page, name);
  await page.setViewportSize(WIDE);
}

function waitForApi(page, method, pattern) {
  return page.waitForResponse(
    (r) =>
      r.request().method() === method &&
      pattern.test(new URL(r.url()).pathname),
  );
}

async function expectStatus(responsePromise, expected, what) {
  const response = await responsePromise;
  if (response.status() !== expected) {
    let body = "";
    try {
      body = (await response.text()).slice(0, 300);
    } catch {
      // The body is only for the message.
    }
    throw new Error(
      `${what} answered ${response.status()} (expected ${expected}) ${body}`,
    );
  }
  return response;
}

/** The first flow: the client list, adding a client, finding it again. */
async function clientListFlow(baseUrl) {
  const { page, context, check } = await openPage();
  log("opening the app");
  await signIn(page, baseUrl, "01-sign-in");

  log("checking the client list shows clients");
  const clientLinks = page.locator("table tbody tr th a");
  await clientLinks.first().waitFor();
  const shown = await clientLinks.count();
  if (shown < 1)
    throw new Error("the client list is empty for the demo clinician");
  await page.getByRole("columnheader", { name: "Current streak" }).waitFor();
  log(`the list shows ${shown} client(s)`);
  await screenshot(page, "02-client-list");

  log(`adding ${NEW_CLIENT.first} ${NEW_CLIENT.last}`);
  await page.getByRole("link", { name: "Add client" }).click();
  await page.getByRole("heading", { name: "Add client" }).waitFor();
  await page.getByLabel("First name").fill(NEW_CLIENT.first);
  await page.getByLabel("Last name").fill(NEW_CLIENT.last);
  await page.getByLabel(/Primary substance/).selectOption("alcohol");
  await screenshot(page, "03-add-client");
  const created = page.waitForResponse(
    (r) =>
      r.url().endsWith("/api/v1/clients") && r.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Add client" }).click();
  const createdResponse = await created;
  if (createdResponse.status() !== 201) {
    throw new Error(
      `POST /api/v1/clients answered ${createdResponse.status()}`,
    );
  }
  const fullName = `${NEW_CLIENT.first} ${NEW_CLIENT.last}`;
  await page.getByRole("heading", { name: fullName }).waitFor();
  await page.getByText("Client added.").waitFor();
  await screenshot(page, "04-client-detail");

  log("finding the new client in the list");
  await page.getByRole("link", { name: "← All clients" }).click();
  await page.getByRole("heading", { name: "Clients", exact: true }).waitFor();
  await clientLinks.first().waitFor();
  await findClientInList(page, fullName);

  log('searching for "zoë"');
  const searched = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return (
      url.pathname === "/api/v1/clients" &&
      url.searchParams.get("search") === "zoë"
    );
  });
  await page.getByRole("searchbox", { name: "Search clients" }).fill("zoë");
  const searchResponse = await searched;
  if (searchResponse.status() !== 200) {
    throw new Error(`the search answered ${searchResponse.status()}`);
  }
  await page.getByRole("link", { name: fullName, exact: true }).waitFor();
  await screenshot(page, "05-search");

  check();
  await context.close();
}

/** The current streak as the overview shows it, e.g. "12 days" or "Not yet known". */
async function readCurrentStreak(page) {
  const value = page
    .locator(".figure", {
      has: page.getByText("Current streak", { exact: true }),
    })
    .locator(".figure-value");
  await value.waitFor();
  return ((await value.textContent()) ?? "").trim();
}

/** How the app writes a day in the calendar's labels (the browser's own date format). */
function dayLabelPrefix(page, day) {
  return page.evaluate((value) => {
    const [y, m, d] = value.split("-").map(Number);
    return new Intl.DateTimeFormat(undefined, {
      year: "numeric",
      month: "short",
      day: "numeric",
      timeZone: "UTC",
    }).format(new Date(Date.UTC(y, m - 1, d, 12)));
  }, day);
}

/** A demo client whose current streak is at least one day, so a lapse today changes it. */
async function pickClientWithStreak(page) {
  const rows = page.locator("table tbody tr");
  await rows.first().waitFor();
  const count = await rows.count();
  for (let i = 0; i < count; i += 1) {
    const row = rows.nth(i);
    const streak = row.locator(".streak");
    if ((await streak.count()) === 0) continue;
    const text = ((await streak.textContent()) ?? "").trim();
    const days = Number.parseInt(text, 10);
    if (Number.isFinite(days) && days > 0) {
      const link = row.locator("th a");
      return { link, name: ((await link.textContent()) ?? "").trim(), text };
    }
  }
  throw new Error(
    "no demo client on the first page has a current streak of a day or more",
  );
}

/** The second flow: a client's clinical record (notes, addenda, relapses, overview). */
async function clinicalRecordFlow(baseUrl) {
  const { page, context, check } = await openPage();
  await signIn(page, baseUrl);

  const client = await pickClientWithStreak(page);
  log(`opening ${client.name} (list says ${client.text})`);
  await client.link.click();
  await page.getByRole("heading", { name: client.name }).waitFor();
  await page.getByRole("tab", { name: "Overview", selected: true }).waitFor();
  await page.getByText(/^Reported \d+ of \d+ days/).waitFor();

  log("recording yesterday as an abstinent day (Timeline Followback)");
  await page.getByRole("button", { name: "Record a day" }).click();
  const dayForm = page.getByRole("form", { name: "Record a day" });
  const dayInput = dayForm.getByLabel("Day", { exact: true });
  const today = await dayInput.inputValue();
  const [y, m, d] = today.split("-").map(Number);
  const yesterday = new Date(Date.UTC(y, m - 1, d - 1))
    .toISOString()
    .slice(0, 10);
  await dayInput.fill(yesterday);
  await dayForm.getByRole("radio", { name: "Was abstinent" }).check();
  await dayForm.getByLabel("Craving", { exact: true }).selectOption("3");
  await dayForm.getByLabel("Mood", { exact: true }).selectOption("7");
  await dayForm.getByRole("checkbox", { name: "Went to a meeting" }).check();
  const checkIn = waitForApi(
    page,
    "POST",
    /\/api\/v1\/clients\/[^/]+\/check-ins$/,
  );
  await dayForm.getByRole("button", { name: "Record day" }).click();
  const checkInStatus = (await checkIn).status();
  if (checkInStatus === 201) {
    await page.getByText(/ recorded\.$/).waitFor();
  } else if (checkInStatus === 409) {
    log("yesterday already had a check-in; keeping it");
    await dayForm
      .getByText(/already has a check-in/)
      .first()
      .waitFor();
    await dayForm.getByRole("button", { name: "Cancel" }).click();
  } else {
    throw new Error(`recording a day answered ${checkInStatus}`);
  }
  await page
    .locator(`li[aria-label^="${await dayLabelPrefix(page, yesterday)}"]`)
    .first()
    .waitFor();

  const before = await readCurrentStreak(page);
  log(`current streak before: ${before}`);
  if (!/^[1-9]\d* days?$/.test(before)) {
    throw new Error(`expected a streak of a day or more, saw "${before}"`);
  }
  await screenshotBoth(page, "06-overview");

  log("writing a SOAP note");
  await page.getByRole("tab", { name: "Notes" }).click();
  await page.getByRole("button", { name: "New note" }).click();
  const stamp = Date.now().toString(36);
  const plan = `Plan ${stamp}: daily check-ins, call the sponsor twice a week.`;
  const editor = page.getByRole("region", { name: /^(New note|Draft note)$/ });
  await editor.getByRole("radio", { name: "SOAP" }).check();
  const created = waitForApi(page, "POST", /\/api\/v1\/clients\/[^/]+\/notes$/);
  await editor
    .getByLabel("Subjective")
    .fill("Reports a calmer week; one evening of strong urges.");
  await editor.getByLabel("Objective").fill("On time, settled, engaged.");
  await editor.getByLabel("Assessment").fill("Using coping skills well.");
  await editor.getByLabel("Plan").fill(plan);
  await editor.getByLabel(/Service type/).fill("Individual therapy");
  await expectStatus(created, 201, "creating the draft note");
  await editor
    .getByRole("status")
    .filter({ hasText: /^Saved$/ })
    .waitFor();
  log("the draft autosaved");
  await screenshotBoth(page, "07-note-editor");

  log("signing the note");
  await editor.getByRole("button", { name: "Sign note…" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByText(/locked/).waitFor();
  const signed = waitForApi(page, "POST", /\/api\/v1\/notes\/[^/]+\/sign$/);
  await dialog.getByRole("button", { name: "Yes, sign note" }).click();
  await expectStatus(signed, 200, "signing the note");
  const card = page.getByRole("article").filter({ hasText: plan });
  await card.getByText("Signed", { exact: true }).waitFor();

  log("adding an addendum");
  const addendum = `Addendum ${stamp}: the urges came after a call with family.`;
  await card.getByRole("button", { name: "Add addendum" }).click();
  await card.getByLabel("Addendum").fill(addendum);
  const added = waitForApi(page, "POST", /\/api\/v1\/notes\/[^/]+\/addenda$/);
  await card.getByRole("button", { name: "Save addendum" }).click();
  await expectStatus(added, 201, "adding the addendum");
  const addenda = card.getByRole("region", { name: "Addenda" });
  await addenda.getByText(addendum).waitFor();
  await card.getByText(plan).waitFor();

  log("checking the addendum is listed with the note after a reload");
  await page.reload();
  await page.getByRole("tab", { name: "Notes", selected: true }).waitFor();
  const reloaded = page.getByRole("article").filter({ hasText: plan });
  await reloaded
    .getByRole("region", { name: "Addenda" })
    .getByText(addendum)
    .waitFor();
  await reloaded.getByText("Signed", { exact: true }).waitFor();
  await screenshotBoth(page, "08-note-signed");

  log("recording a lapse for today");
  await page.getByRole("tab", { name: "Relapses" }).click();
  await page.getByRole("button", { name: "Record a lapse or relapse" }).click();
  await page.getByRole("radio", { name: /^Lapse/ }).check();
  await page
    .getByRole("group", { name: "Substances or behaviours" })
    .getByRole("checkbox", { name: "Alcohol" })
    .check();
  await page
    .getByRole("group", { name: /Interpersonal/ })
    .getByRole("checkbox", { name: "Social pressure" })
    .check();
  await page.getByLabel(/Setting/).selectOption("bar_or_club");
  await page.getByRole("checkbox", { name: "Other people who use" }).check();
  await screenshotBoth(page, "09-relapse-form");
  const recorded = waitForApi(
    page,
    "POST",
    /\/api\/v1\/clients\/[^/]+\/relapses$/,
  );
  await page.getByRole("button", { name: "Save episode" }).click();
  await expectStatus(recorded, 201, "recording the lapse");
  await page.getByText(/^Lapse on .* recorded\.$/).waitFor();
  await screenshotBoth(page, "10-relapses");

  log("reading the current streak again");
  await page.getByRole("tab", { name: "Overview" }).click();
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  let after = await readCurrentStreak(page);
  while (after === before && Date.now() < deadline) {
    await sleep(250);
    after = await readCurrentStreak(page);
  }
  log(`current streak after: ${after}`);
  if (after === before) {
    throw new Error(`the current streak stayed at "${before}" after a lapse`);
  }
  if (after !== "0 days") {
    throw new Error(
      `a lapse today should leave a streak of 0 days, saw "${after}"`,
    );
  }
  await screenshotBoth(page, "11-overview-after-lapse");

  check();
  await context.close();
}

/** The third flow: the owner's audit log, filtered by action, and its CSV export. */
async function auditLogFlow(baseUrl) {
  const { page, context, check } = await openPage();
  await signIn(page, baseUrl, null, OWNER_EMAIL);

  // Reading a client's record is what the audit log must then show.
  const first = page.locator("table tbody tr th a").first();
  await first.waitFor();
  const clientName = ((await first.textContent()) ?? "").trim();
  log(`opening ${clientName} as the owner`);
  await first.click();
  await page.getByRole("heading", { name: clientName }).waitFor();

  log("opening the audit log and filtering by client.read");
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  const filtered = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return (
      url.pathname === "/api/v1/audit" &&
      url.searchParams.get("action") === "client.read"
    );
  });
  await page.getByLabel("Action").fill("client.read");
  await expectStatus(filtered, 200, "the audit log filtered by action");
  const rows = page.locator("table tbody tr");
  await rows.first().waitFor();
  await page.locator("table[aria-busy='false']").waitFor();
  const count = await rows.count();
  const actions = await rows.locator("td:nth-child(3)").allTextContents();
  if (count < 1 || actions.some((a) => a.trim() !== "client.read")) {
    throw new Error(
      `expected only client.read rows, saw ${actions.join(", ")}`,
    );
  }
  const newest = rows.first();
  for (const expected of ["Olivia Bennett", clientName]) {
    if (!((await newest.textContent()) ?? "").includes(expected)) {
      throw new Error(`the newest client.read row does not name ${expected}`);
    }
  }
  log(`${count} client.read row(s), the newest by the owner`);
  await screenshot(page, "12-audit-log");

  log("exporting the filtered log as CSV");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await download;
  if (file.suggestedFilename() !== "audit.csv") {
    throw new Error(`the CSV is named ${file.suggestedFilename()}`);
  }
  const csvPath = join(workDir, "audit.csv");
  await file.saveAs(csvPath);
  const lines = readFileSync(csvPath, "utf8").trim().split("\n");
  if (
    lines.length < 2 ||
    !lines.slice(1).every((l) => l.includes("client.read"))
  ) {
    throw new Error(`the CSV does not hold the client.read rows: ${lines[0]}`);
  }
  log(`the CSV has ${lines.length - 1} row(s)`);

  check();
  await context.close();
}

/** The first bytes of a downloaded file, as text. */
async function downloadedStart(download, name, length) {
  const path = join(workDir, name);
  await download.saveAs(path);
  return readFileSync(path).subarray(0, length).toString("latin1");
}

/** A screenshot under shotsDir; a page with a fixed dialog is shot as its viewport. */
async function shot(page, name, fullPage = false) {
  mkdirSync(shotsDir, { recursive: true });
  const path = join(shotsDir, `${name}.png`);
  await page.screenshot({ path, fullPage });
  log(`screenshot ${path}`);
}

/** The text of a PDF's first page (poppler's pdftotext), or null where it is not installed. */
function firstPageText(path) {
  try {
    return execFileSync("pdftotext", ["-f", "1", "-l", "1", path, "-"], {
      encoding: "utf8",
    });
  } catch (error) {
    if (error.code === "ENOENT" && process.env.CI !== "true") return null;
    throw error;
  }
}

/**
 * The fourth flow: the client's consent recorded; a progress report previewed and downloaded
 * under it (its recipient on page 1); the consent revoked, after which the dashboard offers
 * it no more and the API refuses a report under it; the disclosure listed in the client's
 * accounting; then a month-end export for the practice's own use, as a zip.
 */
async function reportFlow(baseUrl) {
  const { page, context, check } = await openPage();
  await signIn(page, baseUrl);

  const first = page.locator("table tbody tr th a").first();
  await first.waitFor();
  const clientName = ((await first.textContent()) ?? "").trim();
  const clientPath = new URL((await first.getAttribute("href")) ?? "", baseUrl)
    .pathname;
  log(`opening ${clientName}: recording the client's consent`);
  await first.click();
  await page.getByRole("heading", { name: clientName }).waitFor();
  await page.getByRole("tab", { name: "Consents" }).click();
  await page.getByRole("button", { name: "Record a consent" }).click();
  const form = page.getByRole("form", { name: "Record a consent" });
  await form.getByLabel("Recipient").fill("E2E County drug court");
  await form.getByLabel("Purpose").fill("Compliance with drug court");
  await form
    .getByLabel("Information that may be disclosed")
    .fill("Progress reports and attendance; no session notes");
  await form.getByLabel(/Ends with the event/).fill("End of probation");
  const recorded = waitForApi(page, "POST", /\/consents$/);
  await form.getByRole("button", { name: "Record consent" }).click();
  const consent = await (
    await expectStatus(recorded, 201, "recording the consent")
  ).json();
  // The new consent's own row (the demo client may hold an active consent already).
  const consents = page.getByRole("table", { name: "Consents" });
  await consents
    .locator("tr", { hasText: "E2E County drug court" })
    .getByText("Active")
    .waitFor();
  await shotBoth(page, "consents");

  log("the report dialog, under the consent");
  await page.getByRole("button", { name: "Export report" }).click();
  const dialog = page.getByRole("dialog", { name: "Export progress report" });
  await dialog.waitFor();
  if ((await dialog.getAttribute("aria-modal")) !== "true") {
    throw new Error("the report dialog is not marked aria-modal");
  }
  if (
    !(await dialog.getByRole("radio", { name: "Last 90 days" }).isChecked())
  ) {
    throw new Error("the report dialog does not start on the last 90 days");
  }

  // "Custom" starts from today in the practice's time zone: the export below needs it.
  await dialog.getByRole("radio", { name: "Custom" }).check();
  const today = await dialog.getByLabel("To", { exact: true }).inputValue();
  await dialog.getByRole("radio", { name: "Last 90 days" }).check();
  await dialog
    .getByRole("radio", {
      name: /consent to disclose to E2E County drug court/,
    })
    .check();

  log("previewing the report");
  const previewed = waitForApi(
    page,
    "GET",
    /\/api\/v1\/clients\/[^/]+\/report\.pdf$/,
  );
  await dialog.getByRole("button", { name: "Preview" }).click();
  const previewResponse = await expectStatus(previewed, 200, "the report PDF");
  const query = new URL(previewResponse.url()).searchParams;
  if (query.get("to") !== today || query.get("consent_id") !== consent.id) {
    throw new Error(`the report was asked for with ${query}`);
  }
  const frame = dialog.locator('iframe[title="Report preview"]');
  await frame.waitFor();
  const src = (await frame.getAttribute("src")) ?? "";
  if (
    !src.startsWith("blob:") ||
    !src.endsWith("#page=1&view=FitH&toolbar=0")
  ) {
    throw new Error(`the preview iframe's src is ${src}`);
  }
  // Give Chromium's PDF viewer a moment to draw the first page.
  await page.waitForTimeout(2_000);
  await shot(page, "report-dialog");

  log("downloading the PDF");
  const pdfDownload = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download PDF" }).click();
  const pdf = await pdfDownload;
  if (!pdf.suggestedFilename().endsWith(".pdf")) {
    throw new Error(`the PDF is named ${pdf.suggestedFilename()}`);
  }
  const pdfStart = await downloadedStart(pdf, "report.pdf", 5);
  if (pdfStart !== "%PDF-") {
    throw new Error(`the PDF starts with ${JSON.stringify(pdfStart)}`);
  }
  log(`downloaded ${pdf.suggestedFilename()}`);
  const pageOne = firstPageText(join(workDir, "report.pdf"));
  if (pageOne !== null) {
    const flat = pageOne.split(/\s+/).join(" ");
    for (const expected of [
      "E2E County drug court",
      "Compliance with drug court",
      "Progress reports and attendance; no session notes",
    ]) {
      if (!flat.includes(expected))
        throw new Error(`page 1 of the PDF lacks "${expected}": ${flat}`);
    }
    log("page 1 names the consent's recipient, purpose and scope");
  }
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });

  log("revoking the consent");
  await consents
    .getByRole("button", { name: /Revoke the consent to disclose to E2E/ })
    .click();
  const revoked = waitForApi(page, "POST", /\/consents\/[^/]+\/revoke$/);
  await page
    .getByRole("alertdialog")
    .getByRole("button", { name: "Yes, revoke" })
    .click();
  await expectStatus(revoked, 200, "revoking the consent");
  await consents
    .locator("tr", { hasText: "E2E County drug court" })
    .getByText("Revoked", { exact: true })
    .waitFor();
  // The accounting lists the report that went out under it.
  const disclosures = page.getByRole("table", { name: "Disclosures" });
  await disclosures.getByText("E2E County drug court").waitFor();
  await disclosures.getByText("Under the client’s consent").waitFor();
  await shotBoth(page, "consents-revoked");

  // The dashboard no longer offers it, and the API refuses a report under it.
  const offered = waitForApi(page, "GET", /\/clients\/[^/]+\/consents$/);
  await page.getByRole("button", { name: "Export report" }).click();
  await dialog.waitFor();
  await expectStatus(offered, 200, "the consents the dialog offers");
  await dialog.getByRole("radio", { name: /practice’s own use/ }).waitFor();
  if (
    (await dialog
      .getByRole("radio", { name: /E2E County drug court/ })
      .count()) !== 0
  ) {
    throw new Error("a revoked consent is still offered");
  }
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  const { access_token: token } = await login.json();
  const clientId = clientPath.split("/").pop();
  const refused = await fetch(
    `${baseUrl}/api/v1/clients/${clientId}/report.pdf?consent_id=${consent.id}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const problem = await refused.json();
  if (
    refused.status !== 422 ||
    !/revoked/.test(problem.errors?.consent_id?.[0] ?? "")
  ) {
    throw new Error(
      `a report under the revoked consent answered ${refused.status}: ${JSON.stringify(problem)}`,
    );
  }
  log("a report under the revoked consent is refused (422)");

  log("starting an export of the last 30 days");
  await page.getByRole("link", { name: "Reports" }).click();
  await page.getByRole("heading", { name: "Report export" }).waitFor();
  const [y, m, d] = today.split("-").map(Number);
  const from = new Date(Date.UTC(y, m - 1, d - 29)).toISOString().slice(0, 10);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(today);
  await page.getByRole("radio", { name: /practice’s own use/ }).check();
  const started = waitForApi(page, "POST", /\/api\/v1\/report-exports$/);
  await page.getByRole("button", { name: "Start export" }).click();
  await expectStatus(started, 202, "starting the export");
  const table = page.getByRole("table", { name: "Your exports" });
  const row = table.locator("tbody tr").first();
  await row
    .getByText(/ reports?$/)
    .first()
    .waitFor();
  log(
    `the export says: ${((await row.locator("td").nth(1).textContent()) ?? "").trim()}`,
  );

  // Survives a reload: the list, and a running export's progress, come from the server.
  await page.reload();
  await page.getByRole("heading", { name: "Report export" }).waitFor();
  const status = row.locator("td .badge");
  const deadline = Date.now() + EXPORT_TIMEOUT_MS;
  let state = "";
  for (;;) {
    state = ((await status.textContent()) ?? "").trim();
    if (state !== "Running" || Date.now() > deadline) break;
    await sleep(500);
  }
  if (state !== "Done") {
    const reports = (await row.locator("td").nth(1).textContent()) ?? "";
    throw new Error(`the export ended "${state}": ${reports.trim()}`);
  }
  const download = row.getByRole("button", { name: "Download zip" });
  log(
    `the export is done: ${((await row.locator("td").nth(1).textContent()) ?? "").trim()}`,
  );
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await shot(page, "exports", true);

  log("downloading the zip");
  const zipDownload = page.waitForEvent("download");
  await download.click();
  const zip = await zipDownload;
  if (!zip.suggestedFilename().endsWith(".zip")) {
    throw new Error(`the zip is named ${zip.suggestedFilename()}`);
  }
  const zipStart = await downloadedStart(zip, "reports.zip", 2);
  if (zipStart !== "PK") {
    throw new Error(`the zip starts with ${JSON.stringify(zipStart)}`);
  }
  log(`downloaded ${zip.suggestedFilename()}`);

  check();
  await context.close();
}

/** Full-page shots under shotsDir at 1280 px and at 390 px wide, from the top of the page. */
async function shotBoth(page, name) {
  // The header is sticky: from a scrolled page it would land mid-way down a full-page shot.
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await shot(page, `${name}-1280`, true);
  await page.setViewportSize(NARROW);
  await page.evaluate(() => globalThis.scrollTo(0, 0));
  await page.waitForTimeout(150);
  await shot(page, `${name}-390`, true);
  await expectNoSidewaysScroll(page, name);
  await page.setViewportSize(WIDE);
}

/** The fifth flow: the owner changes the crisis line text and finds it kept after a reload. */
async function settingsFlow(baseUrl) {
  const { page, context, check } = await openPage();
  await signIn(page, baseUrl, null, OWNER_EMAIL);

  log("opening the practice settings");
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await page.getByRole("heading", { name: "Practice settings" }).waitFor();
  const crisis = page.getByLabel("Crisis line text");
  await crisis.waitFor();
  const before = await crisis.inputValue();
  const text = `Call the Daybreak on-call line at 555-0142 (any hour), text 988, or call 911 in danger. (${Date.now().toString(36)})`;
  if (before === text) throw new Error("the crisis line text is already set");

  log("changing the crisis line text");
  await crisis.fill(text);
  const saved = waitForApi(page, "PATCH", /^\/api\/v1\/practice$/);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const response = await expectStatus(saved, 200, "saving the settings");
  const body = await response.json();
  if (body.crisis_text !== text) {
    throw new Error(
      `the server kept the crisis text as ${JSON.stringify(body.crisis_text)}`,
    );
  }
  await page.getByText("Settings saved.", { exact: true }).waitFor();

  log("reloading the page");
  await page.reload();
  await page.getByRole("heading", { name: "Practice settings" }).waitFor();
  const reloaded = page.getByLabel("Crisis line text");
  await reloaded.waitFor();
  const kept = await reloaded.inputValue();
  if (kept !== text) {
    throw new Error(
      `after a reload the crisis line text is ${JSON.stringify(kept)}`,
    );
  }
  await page.getByRole("button", { name: "Use the default text" }).waitFor();
  log("the crisis line text is kept");
  await shotBoth(page, "settings");

  check();
  await context.close();
}

const BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const TOTP_STEP_SECS = 30;

function base32Decode(text) {
  const bytes = [];
  let buffer = 0;
  let bits = 0;
  for (const c of text.replace(/[\s=]/g, "").toUpperCase()) {
    const value = BASE32_ALPHABET.indexOf(c);
    if (value < 0) throw new Error(`"${c}" is not a base32 character`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The RFC 6238 code (HMAC-SHA1, 6 digits) of a base32 secret for a 30-second step. */
function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac("sha1", base32Decode(secret))
    .update(counter)
    .digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}

const totpStepNow = () => Math.floor(Date.now() / 1000 / TOTP_STEP_SECS);

// RFC 6238, appendix B: the SHA-1 seed at 59 s gives 94287082 (8 digits), so 287082 in 6.
if (totpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1) !== "287082") {
  throw new Error("the e2e test's TOTP does not match RFC 6238");
}

/** Signs in with the password and waits for the second step, which asks for a code. */
async function signInToCodeStep(page, baseUrl, email) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  log(`signing in as ${email}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  const asked = waitForApi(page, "POST", /^\/api\/v1\/auth\/login$/);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectStatus(asked, 401, "signing in without a code");
  await page.getByLabel("Authentication code").waitFor();
  await page
    .getByText(
      `Enter the 6-digit code from your authenticator app to finish signing in as ${email}.`,
    )
    .waitFor();
}

/** Submits the code step and waits for the client list, signed in as the owner. */
async function finishSignIn(page) {
  const signedIn = waitForApi(page, "POST", /^\/api\/v1\/auth\/login$/);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectStatus(signedIn, 200, "signing in with the second factor");
  await page.getByRole("heading", { name: "Clients", exact: true }).waitFor();
  await page.getByRole("link", { name: `${OWNER_NAME}, my account` }).waitFor();
}

async function signOut(page) {
  log("signing out");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
}

/**
 * The sixth flow, on a server of its own: the owner turns on two-factor sign-in, then signs in
 * with the app's next code and once more with a recovery code.
 */
async function twoFactorFlow(baseUrl) {
  const { page, context, check } = await openPage();
  await signIn(page, baseUrl, null, OWNER_EMAIL);

  log("opening My account and starting the two-factor setup");
  await page.getByRole("link", { name: `${OWNER_NAME}, my account` }).click();
  await page.getByRole("heading", { name: "My account" }).waitFor();
  const section = page.getByRole("region", { name: "Two-factor sign-in" });
  await section.getByText("Off", { exact: true }).waitFor();
  const started = waitForApi(
    page,
    "POST",
    /^\/api\/v1\/me\/two-factor\/setup$/,
  );
  await section
    .getByRole("button", { name: "Set up two-factor sign-in" })
    .click();
  const setup = await (
    await expectStatus(started, 200, "starting the two-factor setup")
  ).json();

  const qr = section.getByRole("img", {
    name: "QR code to scan with your authenticator app",
  });
  await qr.waitFor();
  const box = await qr.boundingBox();
  if (!box || box.width < 120 || box.height < 120) {
    throw new Error(`the QR code is ${JSON.stringify(box)}`);
  }
  if (((await qr.locator("path").getAttribute("d")) ?? "").length < 100) {
    throw new Error("the QR code has no modules drawn");
  }
  const shown = section.getByText(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  const secret = ((await shown.textContent()) ?? "").replace(/\s+/g, "");
  if (secret !== setup.secret) {
    throw new Error(
      `the page shows the secret ${secret}, the server gave ${setup.secret}`,
    );
  }
  if (!setup.otpauth_uri.includes(`secret=${secret}`)) {
    throw new Error(`the QR code's URI does not hold the secret`);
  }
  log(`the setup shows a ${secret.length}-character secret and its QR code`);
  await shotBoth(page, "two-factor-setup");

  const setupStep = totpStepNow();
  log("entering the current code and turning two-factor on");
  await section.getByLabel("6-digit code").fill(totpCode(secret, setupStep));
  const enabled = waitForApi(
    page,
    "POST",
    /^\/api\/v1\/me\/two-factor\/enable$/,
  );
  await section.getByRole("button", { name: "Turn on" }).click();
  await expectStatus(enabled, 200, "turning two-factor on");
  const list = section.getByRole("list", { name: "Recovery codes" });
  await list.waitFor();
  const codes = (await list.getByRole("listitem").allTextContents()).map((c) =>
    c.trim(),
  );
  if (
    codes.length !== 10 ||
    new Set(codes).size !== 10 ||
    !codes.every((c) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(c))
  ) {
    throw new Error(`expected 10 recovery codes, saw ${codes.join(", ")}`);
  }
  await section
    .getByText(
      "Two-factor sign-in is on. Save your recovery codes before you go on.",
    )
    .waitFor();
  log("10 recovery codes are shown");
  await shotBoth(page, "two-factor-recovery-codes");

  await section.getByRole("button", { name: "I have saved them" }).click();
  await list.waitFor({ state: "detached" });
  await section.getByText("On", { exact: true }).waitFor();
  await section.getByText(/^Recovery codes left: 10$/).waitFor();

  await signOut(page);
  await signInToCodeStep(page, baseUrl, OWNER_EMAIL);
  await shotBoth(page, "two-factor-sign-in-code");

  log("entering the code already spent on the setup: refused");
  const code = page.getByLabel("Authentication code");
  await code.fill(totpCode(secret, setupStep));
  const replayed = waitForApi(page, "POST", /^\/api\/v1\/auth\/login$/);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectStatus(replayed, 401, "signing in with a spent code");
  await page
    .getByText(
      "That code is not right. Try the newest code, or a recovery code.",
    )
    .waitFor();

  // The setup spent its step's code: the next step's is accepted (the server allows ±1 step).
  const nextStep = Math.max(setupStep + 1, totpStepNow());
  log(
    `entering the code of the ${nextStep === setupStep + 1 ? "next" : "current"} 30-second step`,
  );
  await code.fill(totpCode(secret, nextStep));
  await finishSignIn(page);
  log("signed in with the app's code");

  await signOut(page);
  await signInToCodeStep(page, baseUrl, OWNER_EMAIL);
  log("signing in with a recovery code");
  await page
    .getByRole("button", { name: "Use a recovery code instead" })
    .click();
  await page.getByLabel("Recovery code").fill(codes[3]);
  await finishSignIn(page);
  log("signed in with a recovery code");

  await page.getByRole("link", { name: `${OWNER_NAME}, my account` }).click();
  await page
    .getByRole("region", { name: "Two-factor sign-in" })
    .getByText(/^Recovery codes left: 9$/)
    .waitFor();
  log("9 recovery codes are left");

  check();
  await context.close();
}

/** A download saved under the work directory, with the text of every page (pdftotext). */
async function downloadedPdfText(download, name) {
  const path = join(workDir, name);
  await download.saveAs(path);
  const start = readFileSync(path).subarray(0, 5).toString("latin1");
  if (start !== "%PDF-") throw new Error(`${name} starts with ${start}`);
  try {
    return execFileSync("pdftotext", ["-layout", path, "-"], {
      encoding: "utf8",
    });
  } catch (error) {
    if (error.code === "ENOENT" && process.env.CI !== "true") return null;
    throw error;
  }
}

/** What the flows in their own files (screens, calendar, groups) use of this runner. */
const helpers = {
  log,
  openPage,
  signIn,
  screenshotBoth,
  waitForApi,
  expectStatus,
  downloadedPdfText,
};

const FLOWS = [
  ["client list flow", clientListFlow],
  ["clinical record flow", clinicalRecordFlow],
  ["audit log flow", auditLogFlow],
  ["report flow", reportFlow],
  ["settings flow", settingsFlow],
  ["drug screens flow", (baseUrl) => screensFlow(helpers, baseUrl)],
  ["calendar flow", (baseUrl) => calendarFlow(helpers, baseUrl)],
  ["groups flow", (baseUrl) => groupsFlow(helpers, baseUrl)],
  // Two-factor on stops the owner signing in with the password alone: a server of its own.
  ["two-factor flow", twoFactorFlow, { ownServer: true }],
];

/**
 * `$bin serve --demo` on a free port with a database of its own (`name` names it, and marks
 * its lines in the server output unless it is the main one), once it answers /healthz.
 */
async function startServer(bin, name) {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const prefix = name === "main" ? "" : `[${name}] `;
  log(
    `starting ${bin} serve --demo on ${baseUrl}${name === "main" ? "" : ` (${name})`}`,
  );
  const child = spawn(bin, ["serve", "--demo"], {
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${workDir}/${name}.db?mode=rwc`,
      DAYBREAK_ADDR: `127.0.0.1:${port}`,
      DAYBREAK_JWT_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  servers.add(child);
  const keep = (chunk) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      serverLog.push(`${prefix}${line}`);
    }
    if (serverLog.length > 200) serverLog.splice(0, serverLog.length - 200);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.on("error", (error) =>
    serverLog.push(`${prefix}spawn error: ${error.message}`),
  );
  try {
    await waitForHealth(child, baseUrl);
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  log(`server${name === "main" ? "" : ` (${name})`} is healthy`);
  return { child, baseUrl };
}

function report(error) {
  const message = error instanceof Error ? error.message : String(error);
  // Playwright appends the whole browser log; the first lines say what went wrong.
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
    log("  DAYBREAK_BIN=/path/to/target/release/daybreak npm run test:e2e");
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

  let baseUrl;
  try {
    workDir = mkdtempSync(join(tmpdir(), "daybreak-e2e-"));
    ({ baseUrl } = await startServer(binPath, "main"));
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
    for (const [name, flow, options = {}] of FLOWS) {
      if (interrupted) return;
      let own = null;
      try {
        if (options.ownServer) {
          own = await startServer(binPath, name.replace(/\W+/g, "-"));
        }
        await flow(own ? own.baseUrl : baseUrl);
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
      } finally {
        if (own) await stopServer(own.child);
      }
    }
    finish(passed, failed);
  } finally {
    await cleanUp();
  }
}

await main();
