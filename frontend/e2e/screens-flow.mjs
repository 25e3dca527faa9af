// Drug screens in the dashboard (issue 21, first part), as a flow of e2e/run.mjs, which passes
// its helpers in: the clinician records a point-of-care screen positive for cocaine on a day
// the client reported not using (unconfirmed: no alert), confirms it from the lab as a
// correction (the original kept in the history), sees "a conversation, not an overwrite" on
// the card and the `screen_disagrees` alert in Alerts; the day's status stays the client's;
// the progress report's PDF (pdftotext) carries the corrected screen in its screens table.
// Then the Drug screens page: a lab's file whose dry run refuses another practice's client
// (nothing imported), the corrected file imported; and a morning's screens for two clients
// recorded at once (sent twice: refused, nothing recorded twice).

const DEMO_EMAIL = "clinician@demo.daybreak.example";
const DEMO_PASSWORD = "demo-password-2026";
const REASON = "Lab confirmation (LC-MS/MS) received";

async function api(baseUrl, token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      Accept: "application/json",
      Authorization: `Bearer ${token}`,
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : undefined };
}

function addDays(day, n) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** A day in the last week the client reported not using (recording one when none is). */
async function dayReportedClean(baseUrl, token, client, today) {
  const from = addDays(today, -6);
  const { data } = await api(
    baseUrl,
    token,
    "GET",
    `/clients/${client.id}/check-ins?from=${from}&to=${today}&per_page=100`,
  );
  const clean = data.items.find((c) => c.used === false && c.day !== today);
  if (clean) return clean.day;
  for (let i = 1; i < 7; i += 1) {
    const day = addDays(today, -i);
    if (data.items.some((c) => c.day === day)) continue;
    const body = { day, used: false, substances: [], craving: 2, mood: 7 };
    const made = await api(
      baseUrl,
      token,
      "POST",
      `/clients/${client.id}/check-ins`,
      body,
    );
    if (made.status === 201) return day;
  }
  throw new Error("no day of the last week to hold a report of not using");
}

/** The flow; `t` holds the runner's helpers. */
export async function screensFlow(t, baseUrl) {
  const { log } = t;
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  const { access_token: token } = await login.json();
  const me = (await api(baseUrl, token, "GET", "/me")).data;
  const clients = (await api(baseUrl, token, "GET", "/clients?per_page=100"))
    .data.items;
  const client = clients.find((c) => c.first_name === "Lan");
  if (!client) throw new Error("the demo has no client Lan");
  const day = await dayReportedClean(baseUrl, token, client, me.today);
  log(`Lan reported not using on ${day}`);

  const { page, check } = await t.openPage();
  await t.signIn(page, baseUrl);
  await page.goto(`${baseUrl}/clients/${client.id}?tab=screens`);
  const panel = page.getByRole("tabpanel", { name: "Screens" });
  await panel.getByText("Screens taken").waitFor();

  log("recording a point-of-care cup positive for cocaine");
  await panel.getByRole("button", { name: "Record a screen" }).click();
  const form = page.getByRole("form", { name: "Record a screen" });
  await form.getByLabel("Date collected").fill(day);
  await form.getByLabel("Time collected").fill("09:30");
  await form.getByLabel("Specimen", { exact: true }).selectOption("urine");
  await form.getByLabel("Method").selectOption("point_of_care");
  await form
    .getByRole("checkbox", { name: "The collection was observed" })
    .check();
  await form.getByLabel("Cocaine result").selectOption("positive");
  await form.getByLabel("Cocaine cut-off (ng/mL)").fill("150");
  await form.getByLabel("Fentanyl result").selectOption("negative");
  const recorded = t.waitForApi(page, "POST", /\/clients\/[^/]+\/screens$/);
  await form.getByRole("button", { name: "Save screen" }).click();
  const screen = await (
    await t.expectStatus(recorded, 201, "recording the screen")
  ).json();
  if (
    screen.results.find((r) => r.substance === "cocaine")?.confirmation !==
    "unconfirmed"
  ) {
    throw new Error(`the cup's positive is ${JSON.stringify(screen.results)}`);
  }
  await panel
    .getByText(/Cocaine positive \(unconfirmed/)
    .first()
    .waitFor();
  const early = (await api(baseUrl, token, "GET", "/alerts?per_page=100")).data
    .items;
  if (
    early.some(
      (a) => a.kind === "screen_disagrees" && a.client_id === client.id,
    )
  ) {
    throw new Error("an unconfirmed positive raised screen_disagrees");
  }

  log("confirming it from the lab: a correction that keeps the original");
  await panel.getByRole("button", { name: "Correct" }).first().click();
  const correct = page.getByRole("form", { name: "Correct this screen" });
  await correct.getByLabel("Reason for the correction").fill(REASON);
  await correct.getByLabel("Cocaine result").selectOption("positive");
  await correct.getByLabel("Cocaine confirmation").selectOption("confirmed");
  const amended = t.waitForApi(page, "POST", /\/screens\/[^/]+\/amend$/);
  await correct.getByRole("button", { name: "Save correction" }).click();
  await t.expectStatus(amended, 201, "the correction");
  await panel.getByText(`Corrected: ${REASON}`).first().waitFor();
  await panel
    .getByText(
      /Differs from the client.s report: a conversation, not an overwrite\./,
    )
    .first()
    .waitFor();
  await panel.getByRole("button", { name: "Show history" }).first().click();
  const history = page.getByRole("list", { name: "History of this screen" });
  await history.getByText("Original").waitFor();
  await t.screenshotBoth(page, "screens-corrected");

  log("the day is marked on the overview's calendar, its status unchanged");
  await page.getByRole("tab", { name: "Overview" }).click();
  const marked = page.locator(
    '[aria-label*="screen positive (unexpected), differs from the client"]',
  );
  await marked.first().waitFor();
  const label = (await marked.first().getAttribute("aria-label")) ?? "";
  if (!/: abstinent/.test(label)) {
    throw new Error(`the marked day reads "${label}"`);
  }

  log("the alert, and the day still the client's own");
  await page.goto(`${baseUrl}/alerts`);
  await page
    .getByText("A confirmed screen and the client's report differ")
    .first()
    .waitFor();
  const progress = (
    await api(
      baseUrl,
      token,
      "GET",
      `/clients/${client.id}/progress?from=${day}&to=${day}`,
    )
  ).data;
  if (progress.days[0].status !== "abstinent") {
    throw new Error(
      `the screen changed the day's status to ${progress.days[0].status}`,
    );
  }

  log("the progress report's PDF carries the screens table");
  await page.goto(`${baseUrl}/clients/${client.id}`);
  await page.getByRole("button", { name: "Export report" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: /practice.s own use/ }).check();
  await dialog
    .getByRole("checkbox", { name: "Include drug screens and their figures" })
    .check();
  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download PDF" }).click();
  const text = await t.downloadedPdfText(await download, "screens-report.pdf");
  if (text !== null) {
    const flat = text.split(/\s+/).join(" ");
    const [y, m, d] = day.split("-").map(Number);
    const printed = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(
      "en-US",
      { timeZone: "UTC", month: "short", day: "numeric", year: "numeric" },
    );
    for (const expected of ["Drug screens", "(corrected)", "Cocaine"]) {
      if (!flat.includes(expected))
        throw new Error(`the report's PDF lacks "${expected}"`);
    }
    log(`the PDF's screens table names the corrected screen (${printed})`);
  }
  await page.keyboard.press("Escape");

  await drugScreensPage(t, page, baseUrl, token, clients);
  check();
}

/** The Drug screens page: a lab file checked, refused, corrected and imported; a bulk entry. */
async function drugScreensPage(t, page, baseUrl, token, clients) {
  const { log } = t;
  const [first, second] = clients.filter((c) => c.first_name !== "Lan");
  const me = (await api(baseUrl, token, "GET", "/me")).data;
  const when = `${addDays(me.today, -1)} 08:15`;
  const header =
    "Client,Collected at,Substance,Result,Cut-off (ng/mL),Confirmed\n";
  const goodRows =
    `${first.id},${when},THC,negative,50,\n` +
    `${first.id},${when},COC,negative,150,\n` +
    `${second.id},${when},BZO,positive,300,no\n`;
  const stranger = "0190e0b4-0000-7000-8000-000000000000";
  const badFile = `${header}${goodRows}${stranger},${when},THC,negative,50,\n`;

  await page.goto(`${baseUrl}/screens`);
  await page.getByRole("heading", { name: "Import lab results" }).waitFor();
  log(
    "a lab file with a row for a client out of reach: the dry run refuses it",
  );
  const input = page.getByLabel("Lab results file (CSV)");
  await input.setInputFiles({
    name: "lab.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(badFile),
  });
  const checked = t.waitForApi(page, "POST", /\/screens\/import$/);
  await page.getByRole("button", { name: "Check the file" }).click();
  await t.expectStatus(checked, 200, "the dry run");
  const refused = page.getByRole("table", {
    name: "Rows that would be refused",
  });
  await refused.getByRole("cell", { name: "client: not found" }).waitFor();
  await refused.getByText("5", { exact: true }).waitFor();
  if (
    (await page.getByRole("button", { name: /^Import \d+ results$/ }).count()) >
    0
  )
    throw new Error("an import is offered for a file with a refused row");
  const before = await api(
    baseUrl,
    token,
    "GET",
    `/clients/${first.id}/screens`,
  );

  log("the corrected file: checked, then imported");
  await input.setInputFiles({
    name: "lab.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`${header}${goodRows}`),
  });
  await page.getByRole("button", { name: "Check the file" }).click();
  await page.getByText("All 3 rows can be imported as 2 screens.").waitFor();
  const imported = t.waitForApi(page, "POST", /\/screens\/import$/);
  await page.getByRole("button", { name: "Import 3 results" }).click();
  await t.expectStatus(imported, 201, "the import");
  await page.getByText("Imported 2 screens.").waitFor();
  const after = await api(
    baseUrl,
    token,
    "GET",
    `/clients/${first.id}/screens`,
  );
  if (after.data.total !== before.data.total + 1)
    throw new Error(
      `${first.first_name} has ${after.data.total} screens after the import`,
    );

  log("a morning's screens for two clients at once");
  const form = page.getByRole("form", {
    name: "Record screens for several clients",
  });
  // Yesterday: a morning that has passed at whatever hour the flow runs.
  await form.getByLabel(/^Date collected/).fill(addDays(me.today, -1));
  await form.getByLabel(/^Time collected/).fill("07:30");
  await form.getByLabel("Method").selectOption("point_of_care");
  // As the dashboard shows a client (format.ts displayName).
  const name = (c) =>
    `${c.first_name} ${c.last_name}` +
    (c.preferred_name ? ` (${c.preferred_name})` : "");
  for (const c of [first, second]) {
    await form.getByRole("checkbox", { name: name(c) }).check();
    await form
      .getByLabel(`Cocaine result for ${name(c)}`)
      .selectOption("negative");
  }
  await t.screenshotBoth(page, "drug-screens-page");
  const recorded = t.waitForApi(page, "POST", /\/screens\/bulk$/);
  await form.getByRole("button", { name: "Record 2 screens" }).click();
  const response = await t.expectStatus(recorded, 201, "the bulk entry");
  await page.getByText("Recorded 2 screens.").waitFor();
  const sent = response.request().postDataJSON();
  const screensOf = async (c) =>
    (await api(baseUrl, token, "GET", `/clients/${c.id}/screens`)).data.total;
  const total = await screensOf(second);
  // Sent twice (a double tap): refused whole.
  const again = await api(baseUrl, token, "POST", "/screens/bulk", sent);
  if (again.status !== 422)
    throw new Error(`the same collection again: ${again.status}`);
  const still = (
    await api(baseUrl, token, "GET", `/clients/${second.id}/screens`)
  ).data.total;
  if (still !== total) throw new Error("a refused entry recorded something");
}
