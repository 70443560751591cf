/** A throwaway self-signed certificate for 127.0.0.1, as PEM text (never committed). */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selfSigned } from "../../helpers/self-signed.js";

export interface SelfSigned {
  cert: string;
  key: string;
}

export async function selfSignedLocalhost(): Promise<SelfSigned> {
  const dir = await mkdtemp(join(tmpdir(), "cofre-jwt-tls-"));
  try {
    const { certFile, keyFile } = selfSigned(dir, "127.0.0.1");
    return { cert: await readFile(certFile, "utf8"), key: await readFile(keyFile, "utf8") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
