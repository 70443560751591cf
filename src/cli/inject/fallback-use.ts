/** When and how `cofre run` writes and uses its fallback file. */

import type { Clock } from "../../util/clock.js";
import { formatGoDuration } from "../../util/duration.js";
import { CommandFailure, EXIT_REMOTE } from "../errors.js";
import type { CliContext } from "../io.js";
import { fallbackSecret, readFallback, writeFallback } from "./fallback.js";
import type { RunPlan } from "./plan.js";

type FallbackPlan = NonNullable<RunPlan["fallback"]>;

function keyFor(ctx: CliContext, plan: FallbackPlan): Promise<Buffer> {
  return fallbackSecret(plan.keyFile, ctx.io.env.COFRE_FALLBACK_PASSPHRASE);
}

/** Checks the key is available before anything runs (a missing key is a usage error either way). */
export async function fallbackKey(ctx: CliContext, plan: FallbackPlan): Promise<Buffer> {
  return keyFor(ctx, plan);
}

export function saveFallback(
  plan: FallbackPlan,
  key: Buffer,
  sources: string[],
  env: Record<string, string>,
  clock: Clock,
): Promise<void> {
  return writeFallback(plan.file, key, { sources, env }, clock);
}

/**
 * The environment stored in the fallback file, after checking it was written for the same sources
 * and is not older than the maximum age. Says loudly on stderr that it is being used.
 */
export async function useFallback(
  ctx: CliContext,
  plan: FallbackPlan,
  key: Buffer,
  sources: string[],
  reason: string,
  clock: Clock,
): Promise<Record<string, string>> {
  const contents = await readFallback(plan.file, key);
  const same =
    Array.isArray(contents.sources) &&
    contents.sources.length === sources.length &&
    contents.sources.every((s, i) => s === sources[i]);
  if (!same) {
    throw new CommandFailure(
      `Error: the server is unreachable and the fallback file ${plan.file} was written for other paths`,
      EXIT_REMOTE,
    );
  }
  const ageMs = Math.max(0, clock.now() - Number(contents.writtenAt));
  const age = formatGoDuration(Math.floor(ageMs / 1000));
  if (!(ageMs <= plan.maxAgeMs)) {
    throw new CommandFailure(
      `Error: the server is unreachable and the fallback file ${plan.file} is too old ` +
        `(written ${age} ago; -fallback-max-age is ${formatGoDuration(Math.floor(plan.maxAgeMs / 1000))})`,
      EXIT_REMOTE,
    );
  }
  const bar = "*".repeat(72);
  ctx.io.stderr.write(
    `${bar}\nWARNING: cofre cannot reach the server (${reason}).\n` +
      `Starting the command with the secrets from the fallback file ${plan.file},\n` +
      `written ${age} ago. They may be out of date; leases are not renewed and -watch is off.\n${bar}\n`,
  );
  return contents.env;
}
