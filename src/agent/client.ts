/** The agent's HTTP client from the `vault` stanza (CA and client certificate files read here). */
import { readFile } from "node:fs/promises";
import { CofreClient } from "../client/client.js";
import { type Env, envValue, readClientCertPair } from "../client/config.js";
import type { AgentConfig } from "./config/types.js";
import { AgentFatalError } from "./describe-error.js";

async function readPem(path: string | undefined, what: string): Promise<Buffer | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(path);
  } catch (err) {
    throw new AgentFatalError(
      `cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
}

/** Without auto_auth the token comes from COFRE_TOKEN/VAULT_TOKEN. */
export async function agentClient(cfg: AgentConfig, env: Env): Promise<CofreClient> {
  const v = cfg.vault;
  return new CofreClient({
    address: v.address,
    token: cfg.autoAuth ? undefined : envValue(env, "COFRE_TOKEN", "VAULT_TOKEN"),
    caCert: await readPem(v.caCert, "CA certificate"),
    ...(await readClientCertPair(v.clientCert, v.clientKey)),
    skipVerify: v.tlsSkipVerify,
    namespace: v.namespace,
  });
}
