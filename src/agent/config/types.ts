/** The agent's settings, read from a Vault Agent style config file (see ./load.ts). */
import type { LogLevel } from "../../util/logger.js";
import type { CompiledTemplate } from "../template/index.js";

export interface VaultSettings {
  /** From the config, else COFRE_ADDR/VAULT_ADDR, else the client's default. */
  address: string;
  /** `file:line` that set the address (or the variable's name). */
  addressFrom: string;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
  tlsSkipVerify: boolean;
  namespace?: string;
  /** Template retries after a failure (`retry { num_retries }`; 12 by default, -1: none). */
  numRetries: number;
}

export type MethodSettings =
  | { type: "token_file"; tokenFilePath: string }
  | {
      type: "approle";
      roleIdFilePath: string;
      secretIdFilePath?: string;
      removeSecretIdFileAfterReading: boolean;
    }
  | { type: "kubernetes"; role: string; tokenPath: string }
  | { type: "jwt"; role: string; path: string; removeJwtAfterReading: boolean };

export interface AutoAuthSettings {
  method: MethodSettings & {
    /** `auth/<mount>` (Vault's `mount_path`), without the `auth/` prefix. */
    mount: string;
    minBackoffMs: number;
    maxBackoffMs: number;
    /** Exit instead of retrying when a login fails. */
    exitOnErr: boolean;
    where: string;
  };
  sinks: SinkSettings[];
}

export interface SinkSettings {
  path: string;
  mode: number;
  where: string;
  /** Write a response-wrapped token (the wrap info as JSON) that lives this long, not the token. */
  wrapTtlSeconds?: number;
}

export interface TemplateSettings {
  /** `file:line` of the template block. */
  where: string;
  destination: string;
  perms: number;
  /** Owner of the rendered file (uid/gid); unchanged when absent. */
  uid?: number;
  gid?: number;
  createDestDirs: boolean;
  /** Run after a render that changed the file: argv (a string command runs through `sh -c`). */
  command?: string[];
  commandTimeoutMs: number;
  template: CompiledTemplate;
}

export interface EnvTemplateSettings {
  name: string;
  where: string;
  template: CompiledTemplate;
}

export interface ExecSettings {
  command: string[];
  restartOnSecretChanges: "always" | "never";
  restartStopSignal: NodeJS.Signals;
  /** cofre's addition (consul-template's name): on a change, send this signal instead of restarting. */
  reloadSignal?: NodeJS.Signals;
  /** Files the child's output is appended to (default: the agent's own stdout/stderr). */
  childStdout?: string;
  childStderr?: string;
  where: string;
}

export interface AgentConfig {
  path: string;
  vault: VaultSettings;
  autoAuth: AutoAuthSettings | null;
  exitAfterAuth: boolean;
  pidFile?: string;
  logLevel: LogLevel;
  staticSecretRenderIntervalMs: number;
  exitOnRetryFailure: boolean;
  templates: TemplateSettings[];
  envTemplates: EnvTemplateSettings[];
  exec: ExecSettings | null;
  /** Keys accepted for compatibility but not acted on. */
  warnings: string[];
}
