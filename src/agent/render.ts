/**
 * One render of every template: each is evaluated whole in memory; a destination is written
 * (atomically, with its perms and owner) only when the new text differs from what is on disk,
 * and then its command runs. env_template values are collected for exec mode. A failing template
 * leaves its destination untouched and is reported with its position; the others still render.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Env } from "../client/config.js";
import type { Logger } from "../util/logger.js";
import { writeFileAtomic } from "./atomic-write.js";
import { runCommand } from "./command.js";
import type { EnvTemplateSettings, TemplateSettings, VaultSettings } from "./config/types.js";
import { describeError } from "./describe-error.js";
import type { RenderContext, SecretSource } from "./template/index.js";

export interface RenderFailure {
  message: string;
}

export interface RenderOutcome {
  failures: RenderFailure[];
  /** env_template values, when every one rendered. */
  env: Record<string, string> | null;
  envChanged: boolean;
}

export interface RendererDeps {
  logger: Logger;
  env: Env;
  cwd: string;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  vault: Pick<VaultSettings, "address" | "addressFrom">;
  /** Environment handed to template commands (the agent's, without its token). */
  commandEnv: Record<string, string>;
}

async function current(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return null;
  }
}

export class Renderer {
  private lastEnv: Record<string, string> | null = null;

  constructor(
    private readonly templates: TemplateSettings[],
    private readonly envTemplates: EnvTemplateSettings[],
    private readonly deps: RendererDeps,
  ) {}

  async renderAll(secrets: SecretSource | undefined): Promise<RenderOutcome> {
    const ctx: RenderContext = {
      secrets,
      env: (name) => this.deps.env[name],
      readFile: async (path) => {
        const full = resolve(this.deps.cwd, path);
        try {
          return await readFile(full, "utf8");
        } catch (err) {
          throw new Error(`cannot read ${full}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
        }
      },
    };
    const failures: RenderFailure[] = [];
    for (const t of this.templates) {
      try {
        await this.renderOne(t, ctx);
      } catch (err) {
        failures.push({
          message: `${describeError(err, this.deps.vault)} (template at ${t.where}, destination ${t.destination})`,
        });
      }
    }
    const env: Record<string, string> = {};
    let envOk = true;
    for (const e of this.envTemplates) {
      try {
        env[e.name] = await e.template.render(ctx);
      } catch (err) {
        envOk = false;
        failures.push({
          message: `${describeError(err, this.deps.vault)} (env_template ${e.name} at ${e.where})`,
        });
      }
    }
    if (!envOk || this.envTemplates.length === 0) return { failures, env: null, envChanged: false };
    const changed = this.lastEnv === null || Object.keys(env).some((k) => env[k] !== this.lastEnv?.[k]);
    this.lastEnv = env;
    return { failures, env, envChanged: changed };
  }

  private async renderOne(t: TemplateSettings, ctx: RenderContext): Promise<void> {
    const text = await t.template.render(ctx);
    if ((await current(t.destination)) === text) return;
    await writeFileAtomic(t.destination, text, {
      mode: t.perms,
      uid: t.uid,
      gid: t.gid,
      createDirs: t.createDestDirs,
    });
    this.deps.logger.info("rendered template", { destination: t.destination });
    if (!t.command) return;
    const r = await runCommand(t.command, t.commandTimeoutMs, {
      env: this.deps.commandEnv,
      cwd: this.deps.cwd,
      stdout: this.deps.stdout,
      stderr: this.deps.stderr,
    });
    const what = `${t.where}: the command for ${t.destination}`;
    if (r.startError) this.deps.logger.error(`${what} could not start: ${r.startError}`);
    else if (r.timedOut) this.deps.logger.error(`${what} ran past its timeout and was stopped`);
    else if (r.code !== 0) this.deps.logger.error(`${what} failed`, { exit_code: r.code, signal: r.signal });
    else this.deps.logger.info("ran the template's command", { destination: t.destination });
  }
}
