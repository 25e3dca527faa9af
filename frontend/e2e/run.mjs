#!/usr/bin/env node
// Browser test of the dashboard embedded in the real Daybreak server.
//
// Needs DAYBREAK_BIN (the built server binary) and Chromium at /usr/bin/chromium
// (override with CHROMIUM_PATH). Starts `$DAYBREAK_BIN serve --demo` on a free port with a
// throwaway SQLite database, signs in as the demo clinician, adds a client and finds it again.
// Prints a closing line "N passed, N failed" and exits non-zero on failure.

import { spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const screenshotDir = join(here, "screenshots");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const DEMO_EMAIL = "clinician@demo.daybreak.example";
const DEMO_PASSWORD = "demo-password-2026";
const NEW_CLIENT = { first: "Zoë", last: "Testperson" };
const HEALTH_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

let server = null;
let browser = null;
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
  // Kill the server first and synchronously: nothing may keep it alive after we go.
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

async function scenario(baseUrl) {
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
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);

  const cspViolations = [];
  const pageErrors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content Security Policy/i.test(msg.text())) {
      cspViolations.push(msg.text());
    }
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));

  log("opening the app");
  await page.goto(`${baseUrl}/`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await screenshot(page, "01-sign-in");

  log("signing in as the demo clinician");
  await page.getByLabel("Email").fill(DEMO_EMAIL);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Clients", exact: true }).waitFor();

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

  if (pageErrors.length > 0)
    throw new Error(`the page threw: ${pageErrors.join(" | ")}`);
  if (cspViolations.length > 0) {
    throw new Error(
      `Content Security Policy violations: ${cspViolations.join(" | ")}`,
    );
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

  try {
    workDir = mkdtempSync(join(tmpdir(), "daybreak-e2e-"));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    log(`starting ${binPath} serve --demo on ${baseUrl}`);
    server = spawn(binPath, ["serve", "--demo"], {
      env: {
        ...process.env,
        DATABASE_URL: `sqlite://${workDir}/e2e.db?mode=rwc`,
        DAYBREAK_ADDR: `127.0.0.1:${port}`,
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

    await waitForHealth(baseUrl);
    log("server is healthy");
    await scenario(baseUrl);
    log("dashboard flow passed");
    finish(1, 0);
  } catch (error) {
    if (interrupted) return;
    const message = error instanceof Error ? error.message : String(error);
    // Playwright appends the whole browser log; the first lines say what went wrong.
    log(`FAILED: ${message.split("\n").slice(0, 12).join("\n")}`);
    if (serverLog.length > 0) {
      log("last server output:");
      for (const line of serverLog.slice(-40)) console.log(`  | ${line}`);
    }
    finish(0, 1);
  } finally {
    await cleanUp();
  }
}

await main();
