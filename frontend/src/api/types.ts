export type Role = "owner" | "supervisor" | "clinician" | "front_desk";

export interface Practice {
  id: string;
  name: string;
  time_zone: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface Me extends User {
  practice: Practice;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export interface LoginResponse extends TokenPair {
  user: User;
}

export interface SignupResponse extends TokenPair {
  practice: Practice;
  user: User;
}

export interface Page<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
}

export interface Staff {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  version: number;
  created_at: string;
}

export interface ClinicianOption {
  id: string;
  name: string;
  role: Role;
}

export type ClientStatus = "active" | "archived";

export interface Client {
  id: string;
  first_name: string;
  last_name: string;
  preferred_name: string | null;
  date_of_birth: string | null;
  email: string | null;
  phone: string | null;
  primary_substance: string | null;
  recovery_start_date: string | null;
  clinician_id: string | null;
  status: ClientStatus;
  version: number;
  created_at: string;
  updated_at: string;
  /** Only present for clinical roles (owner, supervisor, clinician). */
  current_streak_days?: number | null;
  /** Only present for clinical roles (owner, supervisor, clinician). */
  last_check_in_on?: string | null;
}

export interface ClientInput {
  first_name: string;
  last_name: string;
  preferred_name?: string | null;
  date_of_birth?: string | null;
  email?: string | null;
  phone?: string | null;
  primary_substance?: string | null;
  recovery_start_date?: string | null;
  clinician_id?: string | null;
}

export interface NewStaff {
  name: string;
  email: string;
  role: Role;
  password: string;
}
