#!/usr/bin/env node
// Headless Chromium's print-to-PDF of the report pages, warm: one browser, one tab reused.
//
//     node bench/report/chromium.mjs job.json
//
// job.json: {"iterations": 50, "warmup": 5, "reports": [{"name", "html", "header", "footer", "out"}]}
// (written by bench/report_bench.py). For each report: `warmup` untimed rounds, then
// `iterations` timed rounds of page.setContent(html) + page.pdf(Letter, running head and
// footer "Page N of M" from the templates, margins as in src/reports/canvas.rs);
// the last PDF is written to `out`. Prints one JSON line: [{"name", "iterations", "median_ms",
// "p90_ms", "bytes"}]. Chromium at /usr/bin/chromium (override with CHROMIUM_PATH);
// playwright-core comes from frontend/node_modules.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, "..", "..", "frontend", "package.json"));
const { chromium } = require("playwright-core");

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Points as the inches page.pdf() understands (it takes px, in, cm or mm). */
const inches = (pt) => `${pt / 72}in`;

async function printOnce(page, report) {
  await page.setContent(report.html, { waitUntil: "load" });
  return page.pdf({
    format: "Letter",
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: report.header,
    footerTemplate: report.footer,
    margin: { top: inches(76), right: inches(54), bottom: inches(56), left: inches(54) },
  });
}

async function main() {
  const job = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
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
  const results = [];
  try {
    const page = await browser.newPage();
    for (const report of job.reports) {
      for (let i = 0; i < job.warmup; i++) await printOnce(page, report);
      const times = [];
      let pdf = null;
      for (let i = 0; i < job.iterations; i++) {
        const start = performance.now();
        pdf = await printOnce(page, report);
        times.push(performance.now() - start);
      }
      writeFileSync(report.out, pdf);
      times.sort((a, b) => a - b);
      results.push({
        name: report.name,
        iterations: job.iterations,
        median_ms: quantile(times, 0.5),
        p90_ms: quantile(times, 0.9),
        bytes: pdf.length,
      });
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(results));
}

await main();
