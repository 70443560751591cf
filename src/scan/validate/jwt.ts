import type { Confidence } from "../types.js";
import { decodeBase64, decodeBase64Json } from "./base64.js";

/**
 * A JWT is three base64url parts; the first two decode to JSON objects and the header names an
 * algorithm. Signed tokens are high confidence; `alg: none` tokens carry no signature and are low.
 */
export function checkJwt(token: string): Confidence | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const header = decodeBase64Json(parts[0]);
  if (!header || typeof header.alg !== "string") return null;
  const payload = decodeBase64Json(parts[1]);
  if (!payload) return null;
  if (header.alg.toLowerCase() === "none") return "low";
  const signature = decodeBase64(parts[2]);
  if (!signature || signature.length < 16) return null;
  return "high";
}
