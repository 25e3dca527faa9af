import { apiClient, type ApiClient } from "./client";
import type { operations } from "./schema";
import type {
  Addendum,
  AppointmentDetail,
  AppointmentList,
  AppointmentStatusChange,
  AppointmentUpdate,
  AuditEvent,
  Booked,
  CalendarFeedStatus,
  BulkRecorded,
  BulkScreens,
  CheckIn,
  CheckInInput,
  ClinicalAlert,
  Client,
  ClientInput,
  ClientUpdate,
  ClinicianList,
  AttendanceRequest,
  Group,
  GroupList,
  GroupMemberLeave,
  GroupSession,
  GroupSessionList,
  GroupSessionUpdate,
  GroupSignRequest,
  GroupUpdate,
  ImportReport,
  LoginResponse,
  Me,
  MeasureResult,
  MeasureSchedule,
  MeasureScheduleList,
  Medication,
  MedicationUpdate,
  NewAppointment,
  NewCalendarFeed,
  NewGroup,
  NewGroupMember,
  NewGroupSession,
  NewMedication,
  NewScreen,
  NewMeasureSchedule,
  NewReportExport,
  NewSelfReportLink,
  NewStaff,
  Note,
  NoteInput,
  NoteUpdate,
  Page,
  PracticeSettings,
  PracticeUpdate,
  Progress,
  RecoveryCodes,
  Relapse,
  RelapsePreventionPlan,
  RelapsePreventionPlanInput,
  RelapseInput,
  RelapseUpdate,
  ReportExport,
  SafetyPlan,
  SafetyPlanInput,
  Screen,
  ScreenAmendment,
  ScreenDetail,
  ScreenList,
  Consent,
  Disclosure,
  NewConsent,
  SelfReportLink,
  SignupInput,
  SignupResponse,
  Staff,
  StaffUpdate,
  TwoFactorEnabled,
  TwoFactorSetup,
} from "./types";

function query(
  params: Record<string, string | number | boolean | undefined | null>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "")
      search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** An operation's query parameters, from the document. */
type Query<Op extends keyof operations> = NonNullable<
  operations[Op]["parameters"]["query"]
>;

/**
 * What a single client's progress report covers and who it is for (the query of
 * `report.pdf`); days are inclusive, `YYYY-MM-DD`, and the dashboard always sends both.
 */
export type ReportOptions = Query<"client_report"> & {
  from: string;
  to: string;
};

function reportQuery(o: ReportOptions): string {
  return query({
    from: o.from,
    to: o.to,
    include_notes:
      o.include_notes === undefined ? undefined : String(o.include_notes),
    include_plan: o.include_plan ? "true" : undefined,
    include_screens: o.include_screens ? "true" : undefined,
    recipient: o.recipient?.trim(),
    purpose: o.purpose?.trim(),
    consent_id: o.consent_id,
    client_request: o.client_request ? "true" : undefined,
    internal: o.internal ? "true" : undefined,
  });
}

export type { SignupInput };
export type ClientQuery = Query<"list_clients">;
export type PageQuery = Query<"list_notes">;
export type RelapseQuery = Query<"list_relapses">;
export type CheckInQuery = Query<"list_check_ins">;
export type MeasureQuery = Query<"list_results">;
export type AlertQuery = Query<"list_alerts">;
/** Days in the practice's time zone, inclusive (at most 62 apart); a clinician or a client. */
export type AppointmentQuery = Query<"list_appointments">;
/** A period of screens (`YYYY-MM-DD`, inclusive; the server defaults to the last 90 days) and a page. */
export type ScreenQuery = Query<"list_screens">;
export type PlanVersionQuery = Query<"relapse_prevention_plan_versions">;
/** Days in the practice's time zone, inclusive (at most 62 apart). */
export type GroupSessionQuery = Query<"sessions_in_period">;
/** The audit log's filters; days are inclusive, `YYYY-MM-DD`. */
export type AuditFilters = Query<"export_audit">;

/** A change to a staff member, made against the `version` it was read at. */
export type StaffPatch = StaffUpdate & { version: number };

/** A change to the practice settings, made against the `version` it was read at. */
export type PracticePatch = PracticeUpdate & { version: number };

/** A change to a group, made against the `version` it was read at. */
export type GroupPatch = GroupUpdate & { version: number };

/** A change to a draft group session, made against the `version` it was read at. */
export type GroupSessionPatch = GroupSessionUpdate & { version: number };

/** A change of schedule, made against the `version` it was read at. */
export type AppointmentPatch = AppointmentUpdate & { version: number };

/** A whole relapse-prevention plan, saved against the `version` the edit started from (0: none). */
export type RelapsePreventionPlanSave = RelapsePreventionPlanInput & {
  version: number;
};

/** A whole safety plan, saved against the `version` the edit started from (0: none). */
export type SafetyPlanSave = SafetyPlanInput & { version: number };

/** Typed calls to /api/v1, one per endpoint the dashboard uses. */
export function createApi(client: ApiClient) {
  return {
    /**
     * `totpCode`: the authenticator app's code or a recovery code, for members with two-factor
     * on. `practiceId`: the practice chosen when the e-mail belongs to several.
     */
    async login(
      email: string,
      password: string,
      totpCode?: string,
      practiceId?: string,
    ): Promise<LoginResponse> {
      const res = await client.post<LoginResponse>(
        "/auth/login",
        {
          email,
          password,
          ...(totpCode === undefined ? {} : { totp_code: totpCode }),
          ...(practiceId === undefined ? {} : { practice_id: practiceId }),
        },
        { auth: false },
      );
      client.setTokens(res);
      return res;
    },

    async signup(input: SignupInput): Promise<SignupResponse> {
      const res = await client.post<SignupResponse>("/auth/signup", input, {
        auth: false,
      });
      client.setTokens(res);
      return res;
    },

    async logout(): Promise<void> {
      const refreshToken = client.refreshToken;
      // Locally first: other tabs follow at once, and a slow server cannot keep us signed in.
      client.clearTokens();
      if (!refreshToken) return;
      try {
        await client.post<void>(
          "/auth/logout",
          { refresh_token: refreshToken },
          { auth: false },
        );
      } catch {
        // Signing out locally matters most; the token expires on its own.
      }
    },

    me: (signal?: AbortSignal) => client.get<Me>("/me", { signal }),

    /** Ends every other session of the member; the answer's new pair keeps this one. */
    async changePassword(
      currentPassword: string,
      newPassword: string,
    ): Promise<LoginResponse> {
      const res = await client.post<LoginResponse>("/me/password", {
        current_password: currentPassword,
        new_password: newPassword,
      });
      client.setTokens(res);
      return res;
    },

    /** A new secret for the authenticator app; two-factor stays off until a code confirms it. */
    setUpTwoFactor: () =>
      client.post<TwoFactorSetup>("/me/two-factor/setup", {}),

    /** Turns two-factor on; the answer's new token pair replaces this session's. */
    async enableTwoFactor(code: string): Promise<TwoFactorEnabled> {
      const res = await client.post<TwoFactorEnabled>("/me/two-factor/enable", {
        code,
      });
      client.setTokens(res);
      return res;
    },
    disableTwoFactor: (password: string) =>
      client.post<void>("/me/two-factor/disable", { password }),
    /** A new set of recovery codes; the old ones stop working. */
    newRecoveryCodes: (password: string) =>
      client.post<RecoveryCodes>("/me/two-factor/recovery-codes", {
        password,
      }),

    /** Whether the member's calendar feed is live (clinical roles only). */
    getCalendarFeed: (signal?: AbortSignal) =>
      client.get<CalendarFeedStatus>("/me/calendar-feed", { signal }),
    /** A new secret URL for a calendar app, shown once; the previous URL stops working. */
    createCalendarFeed: () =>
      client.post<NewCalendarFeed>("/me/calendar-feed", {}),
    /** Stops the feed: its URL no longer works. */
    stopCalendarFeed: () => client.request<void>("DELETE", "/me/calendar-feed"),

    getPractice: (signal?: AbortSignal) =>
      client.get<PracticeSettings>("/practice", { signal }),
    updatePractice: (patch: PracticePatch) =>
      client.patch<PracticeSettings>("/practice", patch),

    listClients: (q: ClientQuery, signal?: AbortSignal) =>
      client.get<Page<Client>>(`/clients${query({ ...q })}`, { signal }),
    getClient: (id: string, signal?: AbortSignal) =>
      client.get<Client>(`/clients/${encodeURIComponent(id)}`, { signal }),
    createClient: (input: ClientInput) =>
      client.post<Client>("/clients", input),
    updateClient: (id: string, changes: ClientUpdate & { version: number }) =>
      client.patch<Client>(`/clients/${encodeURIComponent(id)}`, changes),
    archiveClient: (id: string) =>
      client.post<Client | undefined>(
        `/clients/${encodeURIComponent(id)}/archive`,
      ),

    listStaff: (page: number, perPage: number, signal?: AbortSignal) =>
      client.get<Page<Staff>>(`/staff${query({ page, per_page: perPage })}`, {
        signal,
      }),
    createStaff: (input: NewStaff) => client.post<Staff>("/staff", input),
    updateStaff: (id: string, patch: StaffPatch) =>
      client.patch<Staff>(`/staff/${encodeURIComponent(id)}`, patch),
    /** Turns a member's two-factor off (a lost phone); they sign in with the password alone. */
    resetStaffTwoFactor: (id: string) =>
      client.post<Staff>(
        `/staff/${encodeURIComponent(id)}/two-factor/reset`,
        {},
      ),
    listClinicians: (signal?: AbortSignal) =>
      client.get<ClinicianList>("/staff/clinicians", { signal }),

    getProgress: (
      clientId: string,
      period: { from?: string; to?: string },
      signal?: AbortSignal,
    ) =>
      client.get<Progress>(
        `/clients/${encodeURIComponent(clientId)}/progress${query(period)}`,
        { signal },
      ),
    recordCheckIn: (clientId: string, input: CheckInInput) =>
      client.post<CheckIn>(
        `/clients/${encodeURIComponent(clientId)}/check-ins`,
        input,
      ),

    listNotes: (clientId: string, q: PageQuery, signal?: AbortSignal) =>
      client.get<Page<Note>>(
        `/clients/${encodeURIComponent(clientId)}/notes${query({ ...q })}`,
        { signal },
      ),
    createNote: (clientId: string, input: NoteInput) =>
      client.post<Note>(
        `/clients/${encodeURIComponent(clientId)}/notes`,
        input,
      ),
    getNote: (id: string, signal?: AbortSignal) =>
      client.get<Note>(`/notes/${encodeURIComponent(id)}`, { signal }),
    updateNote: (id: string, changes: NoteUpdate & { version: number }) =>
      client.patch<Note>(`/notes/${encodeURIComponent(id)}`, changes),
    signNote: (id: string, version: number) =>
      client.post<Note>(`/notes/${encodeURIComponent(id)}/sign`, { version }),
    cosignNote: (id: string) =>
      client.post<Note>(`/notes/${encodeURIComponent(id)}/cosign`),
    addAddendum: (id: string, text: string) =>
      client.post<Addendum>(`/notes/${encodeURIComponent(id)}/addenda`, {
        text,
      }),

    listRelapses: (clientId: string, q: RelapseQuery, signal?: AbortSignal) =>
      client.get<Page<Relapse>>(
        `/clients/${encodeURIComponent(clientId)}/relapses${query({ ...q })}`,
        { signal },
      ),
    createRelapse: (clientId: string, input: RelapseInput) =>
      client.post<Relapse>(
        `/clients/${encodeURIComponent(clientId)}/relapses`,
        input,
      ),
    getRelapse: (id: string, signal?: AbortSignal) =>
      client.get<Relapse>(`/relapses/${encodeURIComponent(id)}`, { signal }),
    updateRelapse: (id: string, changes: RelapseUpdate & { version: number }) =>
      client.patch<Relapse>(`/relapses/${encodeURIComponent(id)}`, changes),
    archiveRelapse: (id: string) =>
      client.request<Relapse>("DELETE", `/relapses/${encodeURIComponent(id)}`),

    /** The latest version; version 0 (and empty lists) when it was never saved. */
    getRelapsePreventionPlan: (clientId: string, signal?: AbortSignal) =>
      client.get<RelapsePreventionPlan>(
        `/clients/${encodeURIComponent(clientId)}/relapse-prevention-plan`,
        { signal },
      ),
    /** Saves the whole plan as a new version; a newer version saved meanwhile is a 409. */
    saveRelapsePreventionPlan: (
      clientId: string,
      plan: RelapsePreventionPlanSave,
    ) =>
      client.request<RelapsePreventionPlan>(
        "PUT",
        `/clients/${encodeURIComponent(clientId)}/relapse-prevention-plan`,
        plan,
      ),
    listRelapsePreventionPlanVersions: (
      clientId: string,
      q: PlanVersionQuery,
      signal?: AbortSignal,
    ) =>
      client.get<Page<RelapsePreventionPlan>>(
        `/clients/${encodeURIComponent(clientId)}/relapse-prevention-plan/versions${query({ ...q })}`,
        { signal },
      ),
    /** The latest version; version 0 (and empty lists) when it was never saved. */
    getSafetyPlan: (clientId: string, signal?: AbortSignal) =>
      client.get<SafetyPlan>(
        `/clients/${encodeURIComponent(clientId)}/safety-plan`,
        { signal },
      ),
    /** Saves the whole plan as a new version; a newer version saved meanwhile is a 409. */
    saveSafetyPlan: (clientId: string, plan: SafetyPlanSave) =>
      client.request<SafetyPlan>(
        "PUT",
        `/clients/${encodeURIComponent(clientId)}/safety-plan`,
        plan,
      ),
    listSafetyPlanVersions: (
      clientId: string,
      q: PlanVersionQuery,
      signal?: AbortSignal,
    ) =>
      client.get<Page<SafetyPlan>>(
        `/clients/${encodeURIComponent(clientId)}/safety-plan/versions${query({ ...q })}`,
        { signal },
      ),

    listCheckIns: (clientId: string, q: CheckInQuery, signal?: AbortSignal) =>
      client.get<Page<CheckIn>>(
        `/clients/${encodeURIComponent(clientId)}/check-ins${query({ ...q })}`,
        { signal },
      ),

    createSelfReportLink: (clientId: string, expiresInDays: number) =>
      client.post<NewSelfReportLink>(
        `/clients/${encodeURIComponent(clientId)}/self-report-links`,
        { expires_in_days: expiresInDays },
      ),
    listSelfReportLinks: (
      clientId: string,
      q: PageQuery,
      signal?: AbortSignal,
    ) =>
      client.get<Page<SelfReportLink>>(
        `/clients/${encodeURIComponent(clientId)}/self-report-links${query({ ...q })}`,
        { signal },
      ),
    listConsents: (clientId: string, signal?: AbortSignal) =>
      client.get<Page<Consent>>(
        `/clients/${encodeURIComponent(clientId)}/consents?per_page=200`,
        { signal },
      ),
    createConsent: (clientId: string, body: NewConsent) =>
      client.post<Consent>(
        `/clients/${encodeURIComponent(clientId)}/consents`,
        body,
      ),
    attachConsentDocument: (id: string, file: Blob) =>
      client.putFile<Consent>(
        `/consents/${encodeURIComponent(id)}/document`,
        file,
      ),
    consentDocument: (id: string) =>
      client.getFile(`/consents/${encodeURIComponent(id)}/document`, {
        accept:
          "application/pdf, image/jpeg, image/png, application/problem+json",
      }),
    revokeConsent: (id: string) =>
      client.post<Consent>(`/consents/${encodeURIComponent(id)}/revoke`, {}),
    listDisclosures: (clientId: string, signal?: AbortSignal) =>
      client.get<Page<Disclosure>>(
        `/clients/${encodeURIComponent(clientId)}/disclosures`,
        { signal },
      ),
    disclosuresPdf: (clientId: string) =>
      client.getFile(
        `/clients/${encodeURIComponent(clientId)}/disclosures.pdf`,
        { accept: "application/pdf, application/problem+json" },
      ),
    disclosuresCsv: (clientId: string) =>
      client.getBlob(
        `/clients/${encodeURIComponent(clientId)}/disclosures.csv`,
        { accept: "text/csv" },
      ),
    revokeSelfReportLink: (id: string) =>
      client.post<SelfReportLink>(
        `/self-report-links/${encodeURIComponent(id)}/revoke`,
      ),

    /** The period's screens (each one's current result, newest first) and, for clinical staff, its figures. */
    listScreens: (clientId: string, q: ScreenQuery, signal?: AbortSignal) =>
      client.get<ScreenList>(
        `/clients/${encodeURIComponent(clientId)}/screens${query({ ...q })}`,
        { signal },
      ),
    /** The front desk sends `results: []` (the collection only). */
    recordScreen: (clientId: string, body: NewScreen) =>
      client.post<Screen>(
        `/clients/${encodeURIComponent(clientId)}/screens`,
        body,
      ),
    getScreen: (id: string, signal?: AbortSignal) =>
      client.get<ScreenDetail>(`/screens/${encodeURIComponent(id)}`, {
        signal,
      }),
    /** A correction as a new row (the original is kept); a row already corrected is a 409. */
    amendScreen: (id: string, body: ScreenAmendment) =>
      client.post<Screen>(`/screens/${encodeURIComponent(id)}/amend`, body),
    /** One sitting's screens for several clients, all or none (422 names `screens[i].…`). */
    recordBulkScreens: (body: BulkScreens) =>
      client.post<BulkRecorded>("/screens/bulk", body),
    /** A lab's results file (CSV text): checked (`dryRun`, 200) or imported (201), all or none. */
    importScreens: (csv: string, dryRun: boolean) =>
      client.post<ImportReport>(
        `/screens/import${query({ dry_run: dryRun })}`,
        csv,
        { contentType: "text/csv" },
      ),
    /** Current medications first. */
    listMedications: (clientId: string, signal?: AbortSignal) =>
      client.get<Medication[]>(
        `/clients/${encodeURIComponent(clientId)}/medications`,
        { signal },
      ),
    createMedication: (clientId: string, body: NewMedication) =>
      client.post<Medication>(
        `/clients/${encodeURIComponent(clientId)}/medications`,
        body,
      ),
    updateMedication: (
      id: string,
      changes: MedicationUpdate & { version: number },
    ) =>
      client.patch<Medication>(
        `/medications/${encodeURIComponent(id)}`,
        changes,
      ),

    listMeasureSchedules: (clientId: string, signal?: AbortSignal) =>
      client.get<MeasureScheduleList>(
        `/clients/${encodeURIComponent(clientId)}/measure-schedules`,
        { signal },
      ),
    createMeasureSchedule: (clientId: string, input: NewMeasureSchedule) =>
      client.post<MeasureSchedule>(
        `/clients/${encodeURIComponent(clientId)}/measure-schedules`,
        input,
      ),
    stopMeasureSchedule: (id: string) =>
      client.request<MeasureSchedule>(
        "DELETE",
        `/measure-schedules/${encodeURIComponent(id)}`,
      ),
    listMeasures: (clientId: string, q: MeasureQuery, signal?: AbortSignal) =>
      client.get<Page<MeasureResult>>(
        `/clients/${encodeURIComponent(clientId)}/measures${query({ ...q })}`,
        { signal },
      ),

    /** The period's appointments, earliest first (default: this week, Monday to Sunday). */
    listAppointments: (q: AppointmentQuery, signal?: AbortSignal) =>
      client.get<AppointmentList>(`/appointments${query({ ...q })}`, {
        signal,
      }),
    /** One appointment or (with `repeat`) a series; overlaps come back as warnings. */
    bookAppointment: (body: NewAppointment) =>
      client.post<Booked>("/appointments", body),
    getAppointment: (id: string, signal?: AbortSignal) =>
      client.get<AppointmentDetail>(`/appointments/${encodeURIComponent(id)}`, {
        signal,
      }),
    /** Moves or changes one (or, `apply_to: "following"`, the rest of its series); 409 when stale. */
    updateAppointment: (id: string, patch: AppointmentPatch) =>
      client.patch<Booked>(`/appointments/${encodeURIComponent(id)}`, patch),
    /** Attended, late or no-show once started; a cancellation at any time. 409 when stale. */
    setAppointmentStatus: (id: string, change: AppointmentStatusChange) =>
      client.post<AppointmentDetail>(
        `/appointments/${encodeURIComponent(id)}/status`,
        change,
      ),

    /** The groups within reach (a clinician: those they facilitate), by name. */
    listGroups: (includeInactive: boolean, signal?: AbortSignal) =>
      client.get<GroupList>(
        `/groups${query({ include_inactive: includeInactive || undefined })}`,
        { signal },
      ),
    /** A clinician includes themself among the facilitators. */
    createGroup: (body: NewGroup) => client.post<Group>("/groups", body),
    getGroup: (id: string, signal?: AbortSignal) =>
      client.get<Group>(`/groups/${encodeURIComponent(id)}`, { signal }),
    updateGroup: (id: string, patch: GroupPatch) =>
      client.patch<Group>(`/groups/${encodeURIComponent(id)}`, patch),
    /** 409 when the client is already a member. */
    addGroupMember: (id: string, body: NewGroupMember) =>
      client.post<Group>(`/groups/${encodeURIComponent(id)}/members`, body),
    leaveGroup: (id: string, clientId: string, body: GroupMemberLeave) =>
      client.post<Group>(
        `/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(clientId)}/leave`,
        body,
      ),
    /** Every session of the group, earliest first. */
    listGroupSessions: (id: string, signal?: AbortSignal) =>
      client.get<GroupSessionList>(
        `/groups/${encodeURIComponent(id)}/sessions`,
        { signal },
      ),
    scheduleGroupSession: (id: string, body: NewGroupSession) =>
      client.post<GroupSession>(
        `/groups/${encodeURIComponent(id)}/sessions`,
        body,
      ),
    /** The period's group sessions across the groups within reach (the calendar's week). */
    listGroupSessionsInPeriod: (q: GroupSessionQuery, signal?: AbortSignal) =>
      client.get<GroupSessionList>(`/group-sessions${query({ ...q })}`, {
        signal,
      }),
    getGroupSession: (id: string, signal?: AbortSignal) =>
      client.get<GroupSession>(`/group-sessions/${encodeURIComponent(id)}`, {
        signal,
      }),
    /** Drafts only; the front desk cannot send `shared_narrative`. 409 when stale. */
    updateGroupSession: (id: string, patch: GroupSessionPatch) =>
      client.patch<GroupSession>(
        `/group-sessions/${encodeURIComponent(id)}`,
        patch,
      ),
    /** Members not listed stay as they are; once the session has started (422 on `entries`). */
    recordGroupAttendance: (id: string, body: AttendanceRequest) =>
      client.request<GroupSession>(
        "PUT",
        `/group-sessions/${encodeURIComponent(id)}/attendance`,
        body,
      ),
    /** One signed note per attending member, all or none; 422 keys name `roster[i]…`. */
    signGroupSession: (id: string, body: GroupSignRequest) =>
      client.post<GroupSession>(
        `/group-sessions/${encodeURIComponent(id)}/sign`,
        body,
      ),

    listAlerts: (q: AlertQuery, signal?: AbortSignal) =>
      client.get<Page<ClinicalAlert>>(`/alerts${query({ ...q })}`, { signal }),
    acknowledgeAlert: (id: string) =>
      client.post<ClinicalAlert>(
        `/alerts/${encodeURIComponent(id)}/acknowledge`,
      ),

    /** The client's progress report as a PDF; every fetch is audited as a disclosure. */
    reportPdf: (clientId: string, o: ReportOptions, signal?: AbortSignal) =>
      client.getFile(
        `/clients/${encodeURIComponent(clientId)}/report.pdf${reportQuery(o)}`,
        { signal, accept: "application/pdf, application/problem+json" },
      ),
    startReportExport: (body: NewReportExport) =>
      client.post<ReportExport>("/report-exports", {
        ...body,
        recipient: body.recipient?.trim() || undefined,
        purpose: body.purpose?.trim() || undefined,
      }),
    listReportExports: (q: PageQuery, signal?: AbortSignal) =>
      client.get<Page<ReportExport>>(`/report-exports${query({ ...q })}`, {
        signal,
      }),
    getReportExport: (id: string, signal?: AbortSignal) =>
      client.get<ReportExport>(`/report-exports/${encodeURIComponent(id)}`, {
        signal,
      }),
    downloadReportExport: (id: string) =>
      client.getFile(`/report-exports/${encodeURIComponent(id)}/download`, {
        accept: "application/zip, application/problem+json",
      }),

    listAudit: (q: AuditFilters & PageQuery, signal?: AbortSignal) =>
      client.get<Page<AuditEvent>>(`/audit${query({ ...q })}`, { signal }),
    exportAuditCsv: (q: AuditFilters) =>
      client.getBlob(`/audit.csv${query({ ...q })}`, { accept: "text/csv" }),
  };
}

export type Api = ReturnType<typeof createApi>;

export const api = createApi(apiClient);
