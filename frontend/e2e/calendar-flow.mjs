// Appointments in the dashboard (issue 19, first part), as a flow of e2e/run.mjs, which passes
// its helpers in: the front desk books a weekly appointment for a demo client starting
// yesterday (four in all); the clinician opens that week on the Calendar, marks yesterday's
// attended with one tap, and the appointment's history keeps who booked it and who marked it.

const DEMO_PASSWORD = "demo-password-2026";
const FRONT_DESK = "frontdesk@demo.daybreak.example";
const CLINICIAN = "clinician@demo.daybreak.example";

async function token(baseUrl, email) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  return (await res.json()).access_token;
}

async function get(baseUrl, bearer, path) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    headers: { Authorization: `Bearer ${bearer}` },
  });
  return res.json();
}

function addDays(day, n) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function mondayOf(day) {
  const [y, m, d] = day.split("-").map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The flow; `t` holds the runner's helpers. */
export async function calendarFlow(t, baseUrl) {
  const { log } = t;
  const clinicianToken = await token(baseUrl, CLINICIAN);
  const me = await get(baseUrl, clinicianToken, "/me");
  const clients = (await get(baseUrl, clinicianToken, "/clients?per_page=100"))
    .items;
  const client = clients.find((c) => c.first_name === "Priya") ?? clients[0];
  const name = `${client.first_name} ${client.last_name}`;
  const yesterday = addDays(me.today, -1);

  const { page, context, check } = await t.openPage();
  await t.signIn(page, baseUrl, null, FRONT_DESK);
  log(`the front desk books ${name} weekly from ${yesterday} at 07:10`);
  await page.goto(`${baseUrl}/calendar`);
  await page.getByRole("heading", { name: "Calendar", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Book an appointment" }).click();
  const form = page.getByRole("form", { name: "Book an appointment" });
  await form.getByLabel("Client").selectOption({ label: name });
  await form.getByLabel("Date").fill(yesterday);
  await form.getByLabel("Start time").fill("07:10");
  await form.getByLabel("Length (minutes)").fill("45");
  await form.getByLabel("Location").fill("Room 4");
  await form.getByLabel("Repeat").selectOption({ label: "Every week" });
  await form
    .getByRole("radio", { name: "After a number of appointments" })
    .check();
  await form
    .getByRole("spinbutton", { name: "Number of appointments" })
    .fill("4");
  const booked = t.waitForApi(page, "POST", /\/api\/v1\/appointments$/);
  await form.getByRole("button", { name: "Book" }).click();
  const series = await (
    await t.expectStatus(booked, 201, "the booking")
  ).json();
  if (series.items.length !== 4)
    throw new Error(`booked ${series.items.length} appointments, not 4`);
  await page.getByText("Booked 4 appointments.").waitFor();
  const [first] = series.items;
  if (first.day !== yesterday)
    throw new Error(`the first appointment is on ${first.day}`);
  await context.close();

  log("the clinician marks yesterday's attended from the Calendar");
  const second = await t.openPage();
  await t.signIn(second.page, baseUrl);
  const week = mondayOf(yesterday);
  await second.page.goto(`${baseUrl}/calendar?week=${week}&clinician=all`);
  const card = second.page.getByRole("listitem", {
    name: new RegExp(`^7:10 – 7:55 AM ${name}$`),
  });
  await card.waitFor();
  const marked = t.waitForApi(
    second.page,
    "POST",
    /\/api\/v1\/appointments\/[^/]+\/status$/,
  );
  await card.getByRole("button", { name: `Mark ${name} attended` }).click();
  await t.expectStatus(marked, 200, "marking it attended");
  await card.getByText("Attended", { exact: true }).first().waitFor();
  await t.screenshotBoth(second.page, "calendar-week");

  const detail = await get(
    baseUrl,
    clinicianToken,
    `/appointments/${first.id}`,
  );
  const history = detail.statuses.map((s) => s.status).join(",");
  if (detail.status !== "attended" || history !== "scheduled,attended") {
    throw new Error(`the appointment reads ${detail.status} (${history})`);
  }
  const progress = await get(
    baseUrl,
    clinicianToken,
    `/clients/${client.id}/progress?from=${yesterday}&to=${yesterday}`,
  );
  if (progress.attendance.attended < 1)
    throw new Error(`attendance reads ${JSON.stringify(progress.attendance)}`);
  second.check();
  check();
  await second.context.close();
}
