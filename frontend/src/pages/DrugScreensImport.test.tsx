import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { ImportReport } from "../api/types";
import { clientFixture } from "../test/fixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { DrugScreens } from "./DrugScreens";

const CLIENTS = "GET /api/v1/clients";
const IMPORT = "POST /api/v1/screens/import";

const listClients = () =>
  json({ items: [clientFixture()], page: 1, per_page: 100, total: 1 });

const CSV =
  "client,collected_at,substance,result\n" +
  "client-1,2026-11-30 09:15,COC,negative\n" +
  "client-1,2026-11-30 09:15,THC,positive\n" +
  "client-2,2026-11-30 09:20,BZO,negative\n";

function report(overrides: Partial<ImportReport> = {}): ImportReport {
  return {
    dry_run: true,
    accepted: 3,
    screens: 2,
    refused: [],
    created: [],
    ...overrides,
  };
}

function renderPage() {
  renderSignedIn(<DrugScreens />, {
    me: makeMe("clinician"),
    route: "/screens",
  });
}

const user = () => userEvent.setup();

async function chooseFile(u: ReturnType<typeof userEvent.setup>, text = CSV) {
  await u.upload(
    screen.getByLabelText("Lab results file (CSV)"),
    new File([text], "lab.csv", { type: "text/csv" }),
  );
}

describe("DrugScreens: importing lab results", () => {
  it("lists the rows a dry run would refuse, and offers no import", async () => {
    const { calls } = mockFetch({
      [CLIENTS]: listClients,
      [IMPORT]: () =>
        json(
          report({
            accepted: 0,
            refused: [
              { row: 3, reason: 'substance: "XYZ" is not a panel substance' },
              { row: 4, reason: "client: not found" },
            ],
          }),
        ),
    });
    renderPage();
    const u = user();
    await chooseFile(u);
    await u.click(screen.getByRole("button", { name: "Check the file" }));

    const table = await screen.findByRole("table", {
      name: "Rows that would be refused",
    });
    const rows = within(table).getAllByRole("row");
    expect(rows.map((r) => r.textContent)).toEqual([
      "RowWhy",
      '3substance: "XYZ" is not a panel substance',
      "4client: not found",
    ]);
    expect(
      screen.getByText(/Nothing will be imported until every row is accepted/),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Import / })).toBeNull();
    expect(calls.find((c) => c.method === "POST")!.url).toContain(
      "dry_run=true",
    );

    // A new file clears the report.
    await chooseFile(u, "client,collected_at,substance,result\n");
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("checks a clean file, then imports it as CSV text", async () => {
    const { calls } = mockFetch({
      [CLIENTS]: listClients,
      [IMPORT]: (call) =>
        call.url.includes("dry_run=true")
          ? json(report())
          : json(report({ dry_run: false, created: ["s-1", "s-2"] }), 201),
    });
    renderPage();
    const u = user();
    await chooseFile(u);
    await u.click(screen.getByRole("button", { name: "Check the file" }));
    expect(
      await screen.findByText("All 3 rows can be imported as 2 screens."),
    ).toBeInTheDocument();
    await u.click(screen.getByRole("button", { name: "Import 3 results" }));

    expect(await screen.findByText("Imported 2 screens.")).toHaveAttribute(
      "role",
      "status",
    );
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.url)).toEqual([
      "/api/v1/screens/import?dry_run=true",
      "/api/v1/screens/import?dry_run=false",
    ]);
    for (const post of posts) {
      expect(post.headers["Content-Type"]).toBe("text/csv");
      expect(post.body).toBe(CSV);
    }
    expect(screen.queryByRole("button", { name: /^Import / })).toBeNull();
  });

  it("shows the rows an import refused meanwhile, and a file the server cannot read", async () => {
    let answer = 0;
    mockFetch({
      [CLIENTS]: listClients,
      [IMPORT]: (call) => {
        if (call.url.includes("dry_run=true")) {
          answer += 1;
          return answer === 1
            ? json(report())
            : problem(422, {
                title: "Unprocessable Entity",
                errors: { file: ["has a header row and no result rows"] },
              });
        }
        return problem(422, {
          title: "Unprocessable Entity",
          errors: { "rows[5]": ["client: not found"] },
        });
      },
    });
    renderPage();
    const u = user();
    await chooseFile(u);
    await u.click(screen.getByRole("button", { name: "Check the file" }));
    await u.click(
      await screen.findByRole("button", { name: "Import 3 results" }),
    );
    const table = await screen.findByRole("table", {
      name: "Rows that would be refused",
    });
    expect(within(table).getAllByRole("row")[1]).toHaveTextContent(
      "5client: not found",
    );
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Nothing was imported: 1 row is refused now.",
    );

    await chooseFile(u, "client,collected_at,substance,result\n");
    expect(screen.queryByRole("table")).toBeNull();
    await u.click(screen.getByRole("button", { name: "Check the file" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The file has a header row and no result rows.",
    );
  });

  it("saves a template with the first client's id and name", async () => {
    mockFetch({ [CLIENTS]: listClients });
    const blobs: Blob[] = [];
    // jsdom has no object URLs.
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        blobs.push(blob);
        return "blob:template";
      }),
      revokeObjectURL: vi.fn(),
    });
    onTestFinished(() => {
      Reflect.deleteProperty(URL, "createObjectURL");
      Reflect.deleteProperty(URL, "revokeObjectURL");
    });
    const click = vi
      .spyOn(HTMLAnchorElement.prototype, "click")
      .mockImplementation(() => undefined);
    onTestFinished(() => click.mockRestore());
    renderPage();
    await screen.findByRole("checkbox", { name: "Lan Tran" });
    await user().click(
      screen.getByRole("button", { name: "Download a template" }),
    );
    expect(blobs).toHaveLength(1);
    const [header, example] = (await blobs[0].text()).split("\r\n");
    expect(header).toBe(
      "client,client_name,collected_at,substance,result,cutoff_ng_ml,confirmed,specimen,method,validity,observed",
    );
    expect(example).toMatch(
      /^client-1,Lan Tran,\d{4}-\d{2}-\d{2} \d{2}:\d{2},COC,positive,150,yes,urine,lab_immunoassay,normal,no$/,
    );
  });
});
