/**
 * `cofre run`: read the plan's secrets, start the command with them in its environment, mask
 * them in its output, keep dynamic leases renewed while it runs (revoked when it exits), restart
 * or signal it when a watched secret changes, and fall back to the encrypted file when the server
 * cannot be reached.
 */
import type { CofreClient } from "../../client/client.js";
import { LeaseApi, LeaseKeeper } from "../../client/leases.js";
import type { SecretValue } from "../../client/secret-source.js";
import { SecretWatcher } from "../../client/watch.js";
import { SecretMatcher } from "../../redact/secret-matcher.js";
import { type Clock, systemClock } from "../../util/clock.js";
import type { CliContext } from "../io.js";
import { fallbackKey, saveFallback, useFallback } from "./fallback-use.js";
import { buildEnv, describePlan, pathsToRead } from "./mappings.js";
import type { RunPlan } from "./plan.js";
import { isUnreachable, readAll, readRequired } from "./secrets.js";
import { exitCodeOf, Supervisor } from "./supervisor.js";

/** Variables of our own environment the command does not get (it needs no cofre token). */
const WITHHELD = new Set(["COFRE_TOKEN", "VAULT_TOKEN", "COFRE_FALLBACK_PASSPHRASE"]);

export interface RunRequest {
  command: string[];
  plan: RunPlan;
  client: CofreClient;
  /** Forward this process's signals to the command (bin/cofre.ts; not in-process tests). */
  forwardSignals: boolean;
  clock?: Clock;
}

function baseEnv(ctx: CliContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.io.env)) if (v !== undefined && !WITHHELD.has(k)) env[k] = v;
  return env;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function runWithSecrets(ctx: CliContext, req: RunRequest): Promise<number> {
  const { plan, client } = req;
  const clock = req.clock ?? systemClock;
  const notice = (line: string) => ctx.io.stderr.write(`${line}\n`);
  const sources = describePlan(plan.injection);
  const paths = pathsToRead(plan.injection);
  const key = plan.fallback ? await fallbackKey(ctx, plan.fallback) : undefined;

  let secrets = new Map<string, SecretValue>();
  let env: Record<string, string>;
  let online = true;
  try {
    secrets = await readAll(client, paths, plan.fallback !== null);
    env = buildEnv(plan.injection, secrets);
  } catch (err) {
    if (!(plan.fallback && key && isUnreachable(err))) throw err;
    env = await useFallback(ctx, plan.fallback, key, sources, message(err), clock);
    online = false;
  }

  const matcher = plan.mask ? new SecretMatcher([...Object.values(env), client.getToken() ?? ""]) : null;
  const supervisor = new Supervisor({
    spec: { command: req.command[0], args: req.command.slice(1), cwd: ctx.io.cwd },
    stdio: { stdin: ctx.io.stdin, stdout: ctx.io.stdout, stderr: ctx.io.stderr },
    matcher,
    changeSignal: plan.watch?.signal,
    forwardSignals: req.forwardSignals,
    notice,
  });
  const keeper = new LeaseKeeper(new LeaseApi(client));
  const leasePath = new Map<string, string>();
  for (const value of secrets.values()) if (value.lease) leasePath.set(value.lease.id, value.path);
  try {
    await supervisor.start({ ...baseEnv(ctx), ...env });
  } catch (err) {
    const leases = new LeaseApi(client);
    await Promise.allSettled([...leasePath.keys()].map((id) => leases.revoke(id)));
    throw err;
  }

  const saving =
    online && plan.fallback && key
      ? saveFallback(plan.fallback, key, sources, env, clock).catch((err) => notice(message(err)))
      : Promise.resolve();

  let watcher: SecretWatcher | null = null;
  const applyChange = async (changed: SecretValue) => {
    const next = new Map(secrets);
    next.set(changed.path, changed);
    let nextEnv: Record<string, string>;
    try {
      nextEnv = buildEnv(plan.injection, next);
    } catch (err) {
      notice(
        `cofre run: ${changed.path} changed but cannot be applied: ${message(err)}; keeping the command as it is`,
      );
      return;
    }
    secrets = next;
    matcher?.add(Object.values(nextEnv));
    if (changed.lease) {
      leasePath.set(changed.lease.id, changed.path);
      keeper.keep(changed.lease);
    }
    await supervisor.update({ ...baseEnv(ctx), ...nextEnv });
  };

  keeper.on("failed", (err, id) =>
    notice(`cofre run: renewing the lease on ${leasePath.get(id)} failed: ${message(err)}`),
  );
  keeper.on("expiring", (lease) => {
    const path = leasePath.get(lease.id) ?? "a dynamic secret";
    notice(`cofre run: the lease on ${path} cannot be renewed further; it ends in ${lease.duration}s`);
    if (!plan.watch) return;
    void readRequired(client, path)
      .then(async (fresh) => {
        await applyChange(fresh);
        await keeper.revoke(lease.id).catch(() => undefined);
      })
      .catch((err) => notice(`cofre run: cannot read new credentials from ${path}: ${message(err)}`));
  });
  for (const value of secrets.values()) if (value.lease) keeper.keep(value.lease);

  if (plan.watch && online) {
    const watched = [...secrets.values()].filter((v) => !v.lease);
    if (watched.length > 0) {
      watcher = new SecretWatcher(
        watched.map((v) => v.path),
        (p) => readRequired(client, p),
        { intervalMs: plan.watch.intervalMs },
      );
      const failing = new Set<string>();
      watcher.on("failed", (err, path) => {
        if (!failing.has(path)) notice(`cofre run: cannot poll ${path}: ${message(err)}`);
        failing.add(path);
      });
      watcher.on("change", (change) => {
        failing.delete(change.path);
        if (change.value) void applyChange(change.value);
      });
      await watcher.start(watched);
    }
  }

  const exit = await supervisor.done;
  watcher?.stop();
  const { failed } = await keeper.revokeAll();
  for (const f of failed) {
    notice(
      `cofre run: could not revoke the lease on ${leasePath.get(f.id)} (it ends at its TTL): ${message(f.error)}`,
    );
  }
  await saving;
  return exitCodeOf(exit);
}
