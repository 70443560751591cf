/**
 * When cofre itself runs in a pod and disable_local_ca_jwt is false, the pod's own service
 * account token and cluster CA (mounted by Kubernetes) stand in for a missing token_reviewer_jwt
 * and kubernetes_ca_cert. Read at each use, since projected tokens are rotated on disk.
 */
import { open } from "node:fs/promises";

export interface LocalCredentialPaths {
  tokenPath: string;
  caPath: string;
}

export const POD_CREDENTIAL_PATHS: LocalCredentialPaths = {
  tokenPath: "/var/run/secrets/kubernetes.io/serviceaccount/token",
  caPath: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt",
};

const MAX_BYTES = 256 * 1024;

/** The file's trimmed text, or "" when it is absent, unreadable or too large. */
export async function readLocalCredential(path: string): Promise<string> {
  try {
    const file = await open(path, "r");
    try {
      const buf = Buffer.alloc(MAX_BYTES + 1);
      const { bytesRead } = await file.read(buf, 0, buf.length, 0);
      return bytesRead > MAX_BYTES ? "" : buf.subarray(0, bytesRead).toString("utf8").trim();
    } finally {
      await file.close();
    }
  } catch {
    return "";
  }
}
