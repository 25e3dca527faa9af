/**
 * The public self-report API (no staff sign-in). The token in the link opens only the
 * first-open step; the phone that claims the link gets a device secret in an HttpOnly cookie
 * (scoped to the link's path), and from then on only that phone opens the link.
 */

import type { components } from "../api/schema";

type Schemas = components["schemas"];

export type MeasureCode = Schemas["MeasureCode"];
export type MeasureOption = Schemas["AnswerOption"];
export type DueMeasure = Schemas["DueMeasure"];
export type TodayCheckIn = Schemas["OwnCheckIn"];
export type CheckInAnswers = Schemas["SelfCheckIn"];

// Overrides: the document has `claim_required: boolean` on both answers, though it is always
// true on the first-open step and always false on the client's view; it tells the two apart.

/** What a link no phone has claimed yet shows. */
export type ClaimPrompt = Schemas["ClaimPrompt"] & { claim_required: true };
export type SelfReportView = Schemas["SelfReportView"] & {
  claim_required: false;
};

export interface CheckInResult {
  view: SelfReportView;
  /** True when the day already had a check-in and this one replaced it (200). */
  replaced: boolean;
}

/** A request that did not succeed; status 0 means no answer reached us. */
export class RequestError extends Error {
  readonly status: number;
  readonly fieldErrors: Record<string, string[]>;
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    fieldErrors: Record<string, string[]> = {},
    retryAfterSeconds: number | null = null,
  ) {
    super(`request failed (${status})`);
    this.name = "RequestError";
    this.status = status;
    this.fieldErrors = fieldErrors;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const BASE = "/api/v1/self-report/";

/** The token from a path such as /r/abc123 (a trailing slash is allowed), or null. */
export function tokenFromPath(pathname: string): string | null {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function fieldErrorsOf(body: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const errors =
    body && typeof body === "object"
      ? (body as { errors?: unknown }).errors
      : undefined;
  if (!errors || typeof errors !== "object" || Array.isArray(errors))
    return out;
  for (const [field, value] of Object.entries(errors)) {
    const list = (Array.isArray(value) ? value : [value]).filter(
      (m): m is string => typeof m === "string",
    );
    out[field.replace(/(\[\d+\])+$/, "")] = list;
  }
  return out;
}

async function call<T>(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; data: T }> {
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers:
        body === undefined
          ? { Accept: "application/json" }
          : { Accept: "application/json", "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      // The device secret cookie is the phone's claim on the link.
      credentials: "same-origin",
      referrerPolicy: "no-referrer",
    });
  } catch {
    throw new RequestError(0);
  }
  let data: unknown = undefined;
  try {
    const text = await res.text();
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A body that is not JSON still has a status to go by.
  }
  if (!res.ok) {
    const retry = res.headers.get("retry-after");
    throw new RequestError(
      res.status,
      fieldErrorsOf(data),
      retry && /^\d+$/.test(retry.trim()) ? Number(retry.trim()) : null,
    );
  }
  return { status: res.status, data: data as T };
}

function tokenPath(token: string): string {
  return encodeURIComponent(token);
}

export async function loadPage(
  token: string,
): Promise<ClaimPrompt | SelfReportView> {
  return (await call<ClaimPrompt | SelfReportView>("GET", tokenPath(token)))
    .data;
}

/** Takes the link for this phone; answers the client's view. */
export async function claimLink(token: string): Promise<SelfReportView> {
  return (await call<SelfReportView>("POST", `${tokenPath(token)}/claim`)).data;
}

export async function sendCheckIn(
  token: string,
  answers: CheckInAnswers,
): Promise<CheckInResult> {
  const { status, data } = await call<SelfReportView & { check_in?: unknown }>(
    "POST",
    `${tokenPath(token)}/check-ins`,
    answers,
  );
  const { check_in: _checkIn, ...view } = data;
  return { view, replaced: status === 200 };
}

export async function sendMeasure(
  token: string,
  code: MeasureCode,
  answers: number[],
): Promise<void> {
  await call("POST", `${tokenPath(token)}/measures`, { code, answers });
}
