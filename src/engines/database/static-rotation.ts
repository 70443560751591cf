/**
 * Password rotation of static roles: on creation, on rotate-role, and from periodic() when due.
 * The new password is stored (as pending) before the database is changed, so a crash or a
 * failure in between loses nothing: the next attempt sets that same password and completes.
 */
import { InvalidRequestError } from "../../errors.js";
import { parseCron } from "./cron.js";
import type { DatabaseDeps } from "./deps.js";
import { newPassword } from "./passwords.js";
import type { StaticRole } from "./types.js";

/** When a role rotates next after a rotation at `fromMs`. */
export function nextRotation(
  role: Pick<StaticRole, "rotation_period" | "rotation_schedule">,
  fromMs: number,
): number {
  if (role.rotation_schedule !== "") return parseCron(role.rotation_schedule).next(fromMs);
  return fromMs + role.rotation_period * 1000;
}

export type RotationOutcome = "rotated" | "not-due" | "window-missed" | "absent";

/** Rotates a static role's password now (`onlyIfDue`: only when its time has come). */
export function rotateStaticRole(
  deps: DatabaseDeps,
  name: string,
  opts: { onlyIfDue?: boolean } = {},
): Promise<RotationOutcome> {
  const { ctx, store, connections, locks } = deps;
  return locks.run(`static/${name}`, async () => {
    const role = await store.staticRole(name);
    if (!role) return "absent";
    const now = ctx.clock.now();
    if (opts.onlyIfDue && role.pending_password === undefined) {
      if (role.next_vault_rotation > now) return "not-due";
      const window = role.rotation_window * 1000;
      if (role.rotation_schedule !== "" && window > 0 && now > role.next_vault_rotation + window) {
        await store.putStaticRole(name, { ...role, next_vault_rotation: nextRotation(role, now) });
        return "window-missed";
      }
    }
    const config = await store.config(role.db_name);
    if (!config) throw new InvalidRequestError(`database configuration "${role.db_name}" does not exist`);
    const { conn } = await connections.get(role.db_name);
    const password = role.pending_password ?? (await newPassword(ctx, config.password_policy));
    if (role.pending_password === undefined)
      await store.putStaticRole(name, { ...role, pending_password: password });
    await conn.setPassword(role.rotation_statements, { name: role.username, password });
    await store.putStaticRole(name, {
      ...role,
      password,
      pending_password: undefined,
      last_vault_rotation: now,
      next_vault_rotation: nextRotation(role, now),
    });
    ctx.logger.info("rotated the password of a static database role", { role: name });
    return "rotated";
  });
}

/** periodic(): rotates every static role that is due (or has a rotation in flight). */
export async function rotateDueStaticRoles(deps: DatabaseDeps): Promise<void> {
  for (const name of await deps.store.staticRoles()) {
    try {
      await rotateStaticRole(deps, name, { onlyIfDue: true });
    } catch (err) {
      deps.ctx.logger.warn("static role rotation failed; it is retried on the next pass", {
        role: name,
        error: (err as Error).message,
      });
    }
  }
}
