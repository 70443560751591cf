import { readFile } from "node:fs/promises";
import { InvalidRequestError } from "../errors.js";
import { parseDuration } from "../util/duration.js";

/** Where the client connects and how it authenticates. */
export interface CofreClientOptions {
  /** Server address, e.g. `https://cofre.example.com:8200` (default `http://127.0.0.1:8200`). */
  address?: string;
  /** Token sent as `X-Vault-Token`. */
  token?: string;
  /** PEM text of the CA certificate(s) that sign the server's certificate. */
  caCert?: string | Buffer;
  /** Do not verify the server's TLS certificate (tests and break-glass only). */
  skipVerify?: boolean;
  /** PEM client certificate (chain) and private key presented to the server (cert auth). */
  clientCert?: string | Buffer;
  clientKey?: string | Buffer;
  /** Per-request timeout in milliseconds (default 60000). */
  timeoutMs?: number;
  /** Sent as `X-Vault-Namespace` when set. */
  namespace?: string;
  /** How many 307/308 redirects (HA standbys) to follow (default 2). */
  maxRedirects?: number;
  /** Response-wrap every request's answer for this long (`X-Vault-Wrap-TTL`, e.g. "5m"). */
  wrapTTL?: string;
}

export const DEFAULT_ADDRESS = "http://127.0.0.1:8200";
export const DEFAULT_TIMEOUT_MS = 60_000;

export type Env = Readonly<Record<string, string | undefined>>;

/** Client settings read from the environment (COFRE_* first, then VAULT_*). */
export interface ClientEnv {
  address: string;
  token?: string;
  caCertPath?: string;
  clientCertPath?: string;
  clientKeyPath?: string;
  skipVerify: boolean;
  namespace?: string;
  timeoutMs?: number;
  /** Output format for the CLI (`table`, `json`, `yaml`). */
  format?: string;
}

/** The first non-empty value among the named variables. */
export function envValue(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = env[name];
    if (v !== undefined && v.trim() !== "") return v.trim();
  }
  return undefined;
}

/** Go's strconv.ParseBool, which Vault uses for boolean environment variables. */
export function parseGoBool(value: string, name: string): boolean {
  if (["1", "t", "T", "true", "TRUE", "True"].includes(value)) return true;
  if (["0", "f", "F", "false", "FALSE", "False"].includes(value)) return false;
  throw new InvalidRequestError(`could not parse ${name}: expected a boolean`);
}

export function readClientEnv(env: Env): ClientEnv {
  const skip = envValue(env, "COFRE_SKIP_VERIFY", "VAULT_SKIP_VERIFY");
  const timeout = envValue(env, "COFRE_CLIENT_TIMEOUT", "VAULT_CLIENT_TIMEOUT");
  return {
    address: envValue(env, "COFRE_ADDR", "VAULT_ADDR") ?? DEFAULT_ADDRESS,
    token: envValue(env, "COFRE_TOKEN", "VAULT_TOKEN"),
    caCertPath: envValue(env, "COFRE_CACERT", "VAULT_CACERT"),
    clientCertPath: envValue(env, "COFRE_CLIENT_CERT", "VAULT_CLIENT_CERT"),
    clientKeyPath: envValue(env, "COFRE_CLIENT_KEY", "VAULT_CLIENT_KEY"),
    skipVerify: skip === undefined ? false : parseGoBool(skip, "VAULT_SKIP_VERIFY"),
    namespace: envValue(env, "COFRE_NAMESPACE", "VAULT_NAMESPACE"),
    timeoutMs:
      timeout === undefined ? undefined : parseDuration(timeout, { field: "VAULT_CLIENT_TIMEOUT" }) * 1000,
    format: envValue(env, "COFRE_FORMAT", "VAULT_FORMAT"),
  };
}

/** Client options from the environment; reads the CA certificate file when one is named. */
export async function clientOptionsFromEnv(env: Env): Promise<CofreClientOptions> {
  const e = readClientEnv(env);
  return {
    address: e.address,
    token: e.token,
    caCert: e.caCertPath ? await readCaCert(e.caCertPath) : undefined,
    ...(await readClientCertPair(e.clientCertPath, e.clientKeyPath)),
    skipVerify: e.skipVerify,
    namespace: e.namespace,
    timeoutMs: e.timeoutMs,
  };
}

export async function readCaCert(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "read error";
    throw new InvalidRequestError(`cannot read CA certificate file ${path}: ${code}`);
  }
}

/** The TLS client certificate and key files, read; both or neither must be named. */
export async function readClientCertPair(
  certPath: string | undefined,
  keyPath: string | undefined,
): Promise<{ clientCert?: Buffer; clientKey?: Buffer }> {
  if (certPath === undefined && keyPath === undefined) return {};
  if (certPath === undefined || keyPath === undefined) {
    throw new InvalidRequestError("a TLS client certificate and its key must be given together");
  }
  return {
    clientCert: await readPem(certPath, "client certificate"),
    clientKey: await readPem(keyPath, "client key"),
  };
}

async function readPem(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "read error";
    throw new InvalidRequestError(`cannot read ${what} file ${path}: ${code}`);
  }
}
