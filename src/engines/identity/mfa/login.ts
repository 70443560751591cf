/**
 * Login MFA checks: which enforcements apply to a login (by entity, group, mount accessor or
 * mount type), and whether the passcodes given satisfy them. A TOTP code is accepted once per
 * method and entity (remembered for its whole validity window), and failed attempts per method
 * and entity are capped by the method's max_validation_attempts within one time step.
 */
import { PermissionDeniedError } from "../../../errors.js";
import type { IdentityView, LoginMfaPort, MfaConstraint } from "../../../logical/identity.js";
import type { Clock } from "../../../util/clock.js";
import type { MfaStore, TotpMethod } from "./store.js";
import { matchingStep } from "./totp.js";

/** Expiring keys (used codes, failure counters), swept as they are touched. */
class ExpiringCounts {
  private readonly entries = new Map<string, { count: number; until: number }>();

  constructor(private readonly clock: Clock) {}

  get(key: string): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (e.until <= this.clock.now()) {
      this.entries.delete(key);
      return 0;
    }
    return e.count;
  }

  bump(key: string, ttlMs: number): void {
    const count = this.get(key);
    const until = count === 0 ? this.clock.now() + ttlMs : (this.entries.get(key)?.until ?? 0);
    this.entries.set(key, { count: count + 1, until });
    if (this.entries.size > 100_000) this.sweep();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
  }
}

export class LoginMfa implements LoginMfaPort {
  private readonly used: ExpiringCounts;
  private readonly failures: ExpiringCounts;

  constructor(
    private readonly store: MfaStore,
    private readonly view: (entityId: string) => IdentityView | null,
    private readonly clock: Clock,
  ) {
    this.used = new ExpiringCounts(clock);
    this.failures = new ExpiringCounts(clock);
  }

  constraintsFor(login: { mountAccessor: string; mountType: string; entityId: string }): MfaConstraint[] {
    const view = login.entityId === "" ? null : this.view(login.entityId);
    const groups = new Set(view?.groupIds ?? []);
    const out: MfaConstraint[] = [];
    for (const e of [...this.store.enforcements.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const applies =
        (view !== null && e.identityEntityIds.includes(view.entityId)) ||
        e.identityGroupIds.some((g) => groups.has(g)) ||
        e.authMethodAccessors.includes(login.mountAccessor) ||
        e.authMethodTypes.includes(login.mountType);
      if (!applies) continue;
      const methods = e.mfaMethodIds
        .map((id) => this.store.methods.get(id))
        .filter((m): m is TotpMethod => m !== undefined)
        .map((m) => ({ type: "totp", id: m.id, name: m.name, uses_passcode: true }));
      out.push({ enforcement: e.name, methods });
    }
    return out;
  }

  async validate(
    entityId: string,
    constraints: MfaConstraint[],
    creds: Record<string, string[]>,
  ): Promise<void> {
    for (const c of constraints) {
      let satisfied = false;
      for (const m of c.methods) {
        const method = this.store.methods.get(m.id);
        const given = creds[m.id] ?? (m.name !== "" ? creds[m.name] : undefined);
        if (!method || !given) continue;
        if (await this.check(method, entityId, passcodeOf(given))) {
          satisfied = true;
          break;
        }
      }
      if (!satisfied) throw new PermissionDeniedError(`failed to satisfy enforcement ${c.enforcement}`);
    }
  }

  clear(): void {
    this.used.clear();
    this.failures.clear();
  }

  private async check(method: TotpMethod, entityId: string, code: string): Promise<boolean> {
    const attemptsKey = `${method.id}\n${entityId}`;
    if (this.failures.get(attemptsKey) >= method.maxValidationAttempts) return false;
    const secret = await this.store.secret(method.id, entityId);
    const usedKey = `${method.id}\n${entityId}\n${code}`;
    const step =
      secret && this.used.get(usedKey) === 0
        ? matchingStep(secret.key, code, this.clock.now(), secret)
        : null;
    if (step === null || !secret) {
      this.failures.bump(attemptsKey, method.period * 1000);
      return false;
    }
    // Valid for its own step plus the skew either side: remember it at least that long.
    this.used.bump(usedKey, secret.period * 1000 * (2 + 2 * secret.skew));
    this.failures.delete(attemptsKey);
    return true;
  }
}

/** The passcode among a method's credentials ("123456" or "passcode=123456"). */
function passcodeOf(values: string[]): string {
  for (const v of values) {
    if (v.startsWith("passcode=")) return v.slice("passcode=".length);
    if (v !== "" && !v.includes("=")) return v;
  }
  return "";
}
