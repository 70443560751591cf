/**
 * Two-phase login MFA: a login an enforcement applies to is parked here (in memory, never
 * stored) and answered with Vault's `mfa_requirement`; sys/mfa/validate completes it with the
 * request id and passcodes. Request ids are single-use, expire, and are dropped after a few
 * failed validations. Also the single-phase `X-Vault-MFA: <method id or name>:<passcode>` header.
 */
import { randomUUID } from "node:crypto";
import { InvalidRequestError } from "../errors.js";
import type { MfaConstraint } from "../logical/identity.js";
import type { AuthEnvelope, AuthIssue } from "../logical/types.js";
import type { Clock } from "../util/clock.js";
import type { MountEntry } from "./mounts/types.js";

export interface LoginRequestContext {
  path: string;
  mount: MountEntry;
  ttls: { defaultLeaseTTL: number; maxLeaseTTL: number };
}

export interface PendingLogin {
  auth: AuthIssue;
  ctx: LoginRequestContext;
  entityId: string;
  constraints: MfaConstraint[];
  expiresAt: number;
  failures: number;
}

/** How long a parked login waits for its MFA validation. */
export const MFA_REQUEST_TTL_MS = 5 * 60 * 1000;
/** Failed validations after which a request id is dropped (the user logs in again). */
export const MFA_REQUEST_MAX_FAILURES = 5;
const MAX_PENDING = 10_000;

export class PendingMfaLogins {
  private readonly pending = new Map<string, PendingLogin>();

  constructor(private readonly clock: Clock) {}

  /** Parks a login and answers the envelope that carries its MFA requirement. */
  park(login: Omit<PendingLogin, "expiresAt" | "failures">): AuthEnvelope {
    this.sweep();
    if (this.pending.size >= MAX_PENDING) {
      const oldest = this.pending.keys().next();
      if (!oldest.done) this.pending.delete(oldest.value);
    }
    const id = randomUUID();
    this.pending.set(id, { ...login, expiresAt: this.clock.now() + MFA_REQUEST_TTL_MS, failures: 0 });
    const constraints: NonNullable<AuthEnvelope["mfa_requirement"]>["mfa_constraints"] = {};
    for (const c of login.constraints) constraints[c.enforcement] = { any: c.methods };
    return {
      client_token: "",
      accessor: "",
      policies: [],
      metadata: null,
      lease_duration: 0,
      renewable: false,
      entity_id: "",
      token_type: "default",
      orphan: false,
      mfa_requirement: { mfa_request_id: id, mfa_constraints: constraints },
      num_uses: 0,
    };
  }

  /** Takes a live parked login out (single use); null when unknown or expired. */
  take(id: string): PendingLogin | null {
    const p = this.pending.get(id);
    if (!p) return null;
    this.pending.delete(id);
    return p.expiresAt > this.clock.now() ? p : null;
  }

  /** Puts a login back after a failed validation, unless it has failed too often or expired. */
  failed(id: string, p: PendingLogin): void {
    const failures = p.failures + 1;
    if (failures >= MFA_REQUEST_MAX_FAILURES || p.expiresAt <= this.clock.now()) return;
    this.pending.set(id, { ...p, failures });
  }

  clear(): void {
    this.pending.clear();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
  }
}

/** Parses `X-Vault-MFA` values ("<method id or name>:<passcode>", several comma-separated). */
export function parseMfaHeader(header: string): Record<string, string[]> {
  const creds: Record<string, string[]> = {};
  for (const part of header.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const i = item.indexOf(":");
    const key = i < 0 ? item : item.slice(0, i);
    const code = i < 0 ? "" : item.slice(i + 1);
    if (key === "") throw new InvalidRequestError("invalid X-Vault-MFA header");
    creds[key] = [...(creds[key] ?? []), code];
  }
  return creds;
}

/** Validates sys/mfa/validate's `mfa_payload`: method id or name -> list of passcodes. */
export function parseMfaPayload(payload: unknown): Record<string, string[]> {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload))
    throw new InvalidRequestError("missing mfa payload");
  const creds: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(payload)) {
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === "string"))
      throw new InvalidRequestError("invalid mfa payload");
    creds[key] = list as string[];
  }
  if (Object.keys(creds).length === 0) throw new InvalidRequestError("missing mfa payload");
  return creds;
}
