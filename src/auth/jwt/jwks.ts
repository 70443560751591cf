/**
 * JSON Web Key Sets: fetching one (with the configured CA, a timeout and a size cap) and turning
 * it into public key objects. Symmetric (`oct`) keys, encryption keys and keys that fail to import
 * are skipped, so a JWKS can never hand cofre an HMAC secret.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { OutboundHttpError, requestJSON } from "../common/outbound-http.js";

export interface JwksKey {
  kid?: string;
  alg?: string;
  key: KeyObject;
}

/** Most keys taken from one set. */
const MAX_KEYS = 100;
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/** A fetch that produced no usable document; `reason` is safe to show. */
export class RemoteDocumentError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "RemoteDocumentError";
  }
}

function importJwk(raw: unknown): JwksKey | null {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const jwk = raw as Record<string, unknown>;
  if (jwk.kty !== "RSA" && jwk.kty !== "EC" && jwk.kty !== "OKP") return null;
  if (jwk.use !== undefined && jwk.use !== "sig") return null;
  const publicPart: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(jwk)) if (!PRIVATE_MEMBERS.includes(k)) publicPart[k] = v;
  try {
    const key = createPublicKey({ key: publicPart as JsonWebKey, format: "jwk" });
    return {
      kid: typeof jwk.kid === "string" ? jwk.kid : undefined,
      alg: typeof jwk.alg === "string" ? jwk.alg : undefined,
      key,
    };
  } catch {
    return null;
  }
}

/** The usable signing keys of a JWKS document; throws RemoteDocumentError if it is not a JWKS. */
export function parseJwks(doc: unknown): JwksKey[] {
  if (!doc || typeof doc !== "object" || !Array.isArray((doc as { keys?: unknown }).keys)) {
    throw new RemoteDocumentError("the response is not a JSON Web Key Set");
  }
  const out: JwksKey[] = [];
  for (const raw of (doc as { keys: unknown[] }).keys.slice(0, MAX_KEYS)) {
    const key = importJwk(raw);
    if (key) out.push(key);
  }
  return out;
}

/** GET a JSON document; RemoteDocumentError on transport failure or a non-200 answer. */
export async function fetchJSONDocument(url: string, caPem: string): Promise<unknown> {
  let res: Awaited<ReturnType<typeof requestJSON>>;
  try {
    res = await requestJSON({ method: "GET", url, caPem: caPem || undefined });
  } catch (err) {
    throw new RemoteDocumentError(err instanceof OutboundHttpError ? err.reason : "request failed");
  }
  if (res.status !== 200) throw new RemoteDocumentError(`HTTP status ${res.status}`);
  if (res.json === undefined) throw new RemoteDocumentError("the response is not JSON");
  return res.json;
}

export async function fetchJwks(url: string, caPem: string): Promise<JwksKey[]> {
  return parseJwks(await fetchJSONDocument(url, caPem));
}
