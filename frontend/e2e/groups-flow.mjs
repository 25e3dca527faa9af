// Group therapy in the dashboard, as a flow of e2e/run.mjs, which passes its helpers in: the
// demo clinician opens Groups → Evening IOP → its latest past session, a draft with attendance
// recorded and only the first two attending members' parts written; fills in the participation
// and own sections of the other members who attended, signs all the notes at once, sees the
// session signed, then follows one member's note link to the signed note in their chart.

const DEMO_EMAIL = "clinician@demo.daybreak.example";
const DEMO_PASSWORD = "demo-password-2026";
const GROUP = "Evening IOP";
const ATTENDED = new Set(["present", "late", "left_early"]);

async function api(baseUrl, token, path) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return res.json();
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The words written for a member: their name in none of them (the narrative check is apart). */
function partsFor(i) {
  return {
    participation: `Shared one high-risk time and a plan for it (e2e ${i}).`,
    assessment: `Engaged; motivation steady (e2e ${i}).`,
    plan: `Continue IOP; try one new meeting this week (e2e ${i}).`,
  };
}

/** The flow; `t` holds the runner's helpers. */
export async function groupsFlow(t, baseUrl) {
  const { log } = t;
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });
  const { access_token: token } = await login.json();

  // What the demo holds: the latest session that has started is a draft, its attendance
  // recorded, the first two attending members' parts written and the others' not.
  const group = (await api(baseUrl, token, "/groups")).items.find(
    (g) => g.name === GROUP,
  );
  if (!group) throw new Error(`the demo clinician has no group ${GROUP}`);
  const sessions = (await api(baseUrl, token, `/groups/${group.id}/sessions`))
    .items;
  const started = sessions.filter((s) => Date.parse(s.starts_at) <= Date.now());
  const latest = started[started.length - 1];
  if (!latest || latest.status !== "draft")
    throw new Error(
      `the latest past session is ${latest?.status ?? "missing"}`,
    );
  const before = await api(baseUrl, token, `/group-sessions/${latest.id}`);
  const attending = before.roster.filter((r) => ATTENDED.has(r.status));
  const missing = attending.filter((r) => !r.individual_text?.trim());
  if (attending.length < 3 || attending.length - missing.length !== 2)
    throw new Error(
      `expected two of the attending members written, found ${attending.length - missing.length} of ${attending.length}`,
    );
  log(
    `${GROUP} on ${latest.day}: ${missing.length} of ${attending.length} attending members still to write`,
  );
  // A member whose chart the clinician can open: one on their caseload.
  const caseload = new Set(
    (await api(baseUrl, token, "/clients?per_page=100")).items.map((c) => c.id),
  );
  const followed = missing.find((r) => caseload.has(r.client_id));
  if (!followed)
    throw new Error("no member to write is on the clinician's caseload");

  const { page, context, check } = await t.openPage();
  await t.signIn(page, baseUrl);
  log("opening Groups");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Groups" })
    .click();
  await page.getByRole("heading", { name: "Groups", level: 1 }).waitFor();
  const card = page.getByRole("listitem", { name: GROUP });
  await card.getByText(/members$/).waitFor();
  await card.getByText(/ · \d+:\d\d/).waitFor();
  await t.screenshotBoth(page, "groups-list");

  log(`opening ${GROUP}`);
  await card.getByRole("link", { name: GROUP }).click();
  await page.getByRole("heading", { name: GROUP, level: 1 }).waitFor();
  const past = page.getByRole("list", { name: "Past sessions" });
  const draftItem = past
    .getByRole("listitem")
    .filter({ has: page.getByText("Draft", { exact: true }) })
    .first();
  await draftItem.waitFor();
  await t.screenshotBoth(page, "group-page");

  log("opening the latest draft session");
  await draftItem.getByRole("link").click();
  await page.waitForURL(`**/group-sessions/${latest.id}`);
  const signButton = page.getByRole("button", { name: "Sign all notes" });
  await signButton.waitFor();

  for (const [i, r] of missing.entries()) {
    const name = r.client_name;
    const parts = partsFor(i);
    log(`writing ${name}'s participation, assessment and plan`);
    const row = page.getByRole("listitem", { name, exact: true });
    await row
      .getByRole("textbox", { name: `Participation for ${name}` })
      .fill(parts.participation);
    for (const key of before.member_sections) {
      const label = key.charAt(0).toUpperCase() + key.slice(1);
      await row
        .getByRole("textbox", { name: `${label} for ${name}` })
        .fill(parts[key] ?? `Written by the e2e flow (${key}).`);
    }
  }
  await page.getByText("Unsaved changes").waitFor();
  await t.screenshotBoth(page, "group-session-draft");

  log("signing all notes");
  const saved = t.waitForApi(
    page,
    "PUT",
    /^\/api\/v1\/group-sessions\/[^/]+\/attendance$/,
  );
  const signedResponse = t.waitForApi(
    page,
    "POST",
    /^\/api\/v1\/group-sessions\/[^/]+\/sign$/,
  );
  await signButton.click();
  await t.expectStatus(saved, 200, "saving the roster");
  const signed = await (
    await t.expectStatus(signedResponse, 200, "signing the session")
  ).json();
  await page.getByText(/^Signed by .+ on /).waitFor();
  await page.getByText("Signed", { exact: true }).first().waitFor();
  if (signed.status !== "signed")
    throw new Error(`the session reads ${signed.status}`);
  const withoutNote = signed.roster.filter(
    (r) => ATTENDED.has(r.status) && !r.note_id,
  );
  if (withoutNote.length > 0)
    throw new Error(
      `no note for ${withoutNote.map((r) => r.client_name).join(", ")}`,
    );
  if ((await page.getByRole("textbox").count()) !== 0)
    throw new Error("the signed session still has text areas");
  await t.screenshotBoth(page, "group-session-signed");

  const name = followed.client_name;
  const index = missing.indexOf(followed);
  log(`following ${name}'s note link`);
  await page
    .getByRole("link", { name: new RegExp(`^Open ${escape(name)}.s note$`) })
    .click();
  await page.waitForURL(`**/clients/${followed.client_id}?tab=notes`);
  await page.getByRole("tab", { name: "Notes", selected: true }).waitFor();
  const note = page
    .getByRole("article")
    .filter({ hasText: partsFor(index).participation })
    .first();
  await note.waitFor();
  await note.getByText("Signed", { exact: true }).waitFor();
  await note.getByText(partsFor(index).plan).waitFor();
  await note.getByText(/^Signed by .+ on /).waitFor();
  await t.screenshotBoth(page, "group-note");

  check();
  await context.close();
}
