/**
 * The agent's config file: Vault Agent's HCL (or JSON) format, so an existing agent.hcl works
 * unchanged. Supported: `vault`, `auto_auth` (token_file, approle, kubernetes, jwt; file sinks),
 * `exit_after_auth`, `pid_file`, `template_config`, `template`, `env_template`, `exec`,
 * `log_level`. `cache`, `listener`, `api_proxy` and `telemetry` are accepted and ignored with a
 * warning. Anything else is an error naming `file:line`; so is a template that does not compile.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { DEFAULT_ADDRESS, type Env, envValue } from "../../client/config.js";
import { HclSyntaxError, parseHcl } from "../../hcl/index.js";
import type { LogLevel } from "../../util/logger.js";
import { readAutoAuth } from "./auto-auth.js";
import { hclPositions } from "./positions.js";
import { AgentConfigError, Section } from "./section.js";
import { readEnvTemplate, readTemplate } from "./templates.js";
import type { AgentConfig, ExecSettings, VaultSettings } from "./types.js";

const TOP_KEYS = [
  "vault",
  "auto_auth",
  "exit_after_auth",
  "pid_file",
  "template_config",
  "template",
  "env_template",
  "exec",
  "log_level",
];
const TOP_IGNORED = [
  "cache",
  "listener",
  "api_proxy",
  "telemetry",
  "disable_mlock",
  "log_file",
  "log_format",
  "log_rotate_bytes",
  "log_rotate_duration",
  "log_rotate_max_files",
  "disable_idle_connections",
  "disable_keep_alives",
];
const LEVELS = new Set(["trace", "debug", "info", "warn", "error"]);
const SIGNAL = /^SIG[A-Z0-9]+$/;

export interface LoadOptions {
  cwd: string;
  env: Env;
}

function readVault(doc: Section, env: Env, cwd: string): VaultSettings {
  const v = doc.child("vault") ?? new Section(doc.file, "vault", {}, undefined, undefined, doc.warnings);
  if (v.has("ca_path"))
    throw v.fail("ca_path", "vault.ca_path is not supported: name a PEM bundle with ca_cert");
  v.checkKeys(
    ["address", "ca_cert", "client_cert", "client_key", "tls_skip_verify", "namespace", "retry"],
    ["tls_server_name"],
  );
  const retry = v.child("retry");
  retry?.checkKeys(["num_retries"]);
  const numRetries = retry?.int("num_retries", 0) ?? 0;
  const fromEnv = envValue(env, "COFRE_ADDR", "VAULT_ADDR");
  const configured = v.str("address");
  const file = (key: string) => {
    const p = v.str(key);
    return p === undefined
      ? {}
      : {
          [key === "ca_cert" ? "caCert" : key === "client_cert" ? "clientCert" : "clientKey"]: resolve(
            cwd,
            p,
          ),
        };
  };
  return {
    address: fromEnv ?? configured ?? DEFAULT_ADDRESS,
    addressFrom: fromEnv
      ? envValue(env, "COFRE_ADDR")
        ? "COFRE_ADDR"
        : "VAULT_ADDR"
      : configured
        ? `${v.where("address")} (vault.address)`
        : "the default address",
    ...file("ca_cert"),
    ...file("client_cert"),
    ...file("client_key"),
    tlsSkipVerify: v.bool("tls_skip_verify", false),
    ...(v.str("namespace") ? { namespace: v.str("namespace") } : {}),
    numRetries: numRetries === 0 ? 12 : Math.max(-1, numRetries),
  };
}

function signal(s: Section, key: string, fallback?: NodeJS.Signals): NodeJS.Signals | undefined {
  const v = s.str(key);
  if (v === undefined) return fallback;
  const name = v.toUpperCase().startsWith("SIG") ? v.toUpperCase() : `SIG${v.toUpperCase()}`;
  if (!SIGNAL.test(name)) throw s.fail(key, `${s.name}.${key} must be a signal name such as "SIGTERM"`);
  return name as NodeJS.Signals;
}

function readExec(doc: Section, cwd: string): ExecSettings | null {
  const e = doc.child("exec");
  if (!e) return null;
  e.checkKeys([
    "command",
    "restart_on_secret_changes",
    "restart_stop_signal",
    "reload_signal",
    "child_process_stdout",
    "child_process_stderr",
  ]);
  const command = e.strings("command");
  if (!command || command.length === 0) throw e.fail(undefined, "exec.command is required");
  const restart = e.str("restart_on_secret_changes") ?? "always";
  if (restart !== "always" && restart !== "never")
    throw e.fail("restart_on_secret_changes", 'exec.restart_on_secret_changes must be "always" or "never"');
  const out = e.str("child_process_stdout");
  const err = e.str("child_process_stderr");
  const reload = signal(e, "reload_signal");
  return {
    command,
    restartOnSecretChanges: restart,
    restartStopSignal: signal(e, "restart_stop_signal", "SIGTERM") as NodeJS.Signals,
    ...(reload ? { reloadSignal: reload } : {}),
    ...(out ? { childStdout: resolve(cwd, out) } : {}),
    ...(err ? { childStderr: resolve(cwd, err) } : {}),
    where: e.where(),
  };
}

export function parseHclConfig(path: string, text: string): Section {
  try {
    return new Section(path, "", parseHcl(text), hclPositions(text), undefined, []);
  } catch (err) {
    if (err instanceof HclSyntaxError)
      throw new AgentConfigError(`${path}:${err.line}:${err.column}: ${err.reason}`);
    throw new AgentConfigError(`${path}: ${(err as Error).message}`);
  }
}

export async function loadAgentConfig(path: string, opts: LoadOptions): Promise<AgentConfig> {
  const file = resolve(opts.cwd, path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new AgentConfigError(
      `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  const doc = parseHclConfig(file, text);
  doc.checkKeys(TOP_KEYS, TOP_IGNORED);
  const tc = doc.child("template_config");
  tc?.checkKeys(
    ["static_secret_render_interval", "exit_on_retry_failure"],
    ["max_connections_per_host", "lease_renewal_threshold"],
  );
  const interval = tc?.durationMs("static_secret_render_interval", 5 * 60_000) ?? 5 * 60_000;
  if (interval <= 0)
    throw tc?.fail("static_secret_render_interval", "static_secret_render_interval must be above zero");
  const logLevel = (doc.str("log_level") ?? "info").toLowerCase();
  if (!LEVELS.has(logLevel))
    throw doc.fail("log_level", "log_level must be one of trace, debug, info, warn, error");
  const auto = doc.child("auto_auth");
  const templates = [];
  for (const t of doc.blockList("template")) templates.push(await readTemplate(t, opts.cwd));
  const envTemplates = [];
  for (const [name, t] of doc.labelled("env_template", "\u0000"))
    envTemplates.push(await readEnvTemplate(name, t, opts.cwd));
  const exec = readExec(doc, opts.cwd);
  if (envTemplates.length > 0 && !exec)
    throw doc.fail("env_template", "env_template needs an exec block (the command that gets the variables)");
  const pid = doc.str("pid_file");
  return {
    path: file,
    vault: readVault(doc, opts.env, opts.cwd),
    autoAuth: auto ? readAutoAuth(auto, opts.cwd) : null,
    exitAfterAuth: doc.bool("exit_after_auth", false),
    ...(pid ? { pidFile: resolve(opts.cwd, pid) } : {}),
    logLevel: logLevel as LogLevel,
    staticSecretRenderIntervalMs: interval,
    exitOnRetryFailure: tc?.bool("exit_on_retry_failure", false) ?? false,
    templates,
    envTemplates,
    exec,
    warnings: doc.warnings,
  };
}
