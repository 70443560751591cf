/**
 * The checks a verified JWT's claims must pass for a role (Vault's semantics), and what a login
 * takes from them (user name, metadata, groups). Every failure is a LoginRefusal whose reason
 * names a claim, never a claim's value.
 */
import { globMatch } from "../common/glob.js";
import { LoginRefusal } from "../common/login-refusal.js";

export type BoundClaimScalar = string | number | boolean;
export type BoundClaimValue = BoundClaimScalar | BoundClaimScalar[];

export interface ClaimRules {
  boundAudiences: string[];
  boundSubject: string;
  boundClaims: Record<string, BoundClaimValue>;
  boundClaimsType: "string" | "glob";
  /** Seconds; 0 means the default, -1 turns the leeway off. */
  clockSkewLeeway: number;
  expirationLeeway: number;
  notBeforeLeeway: number;
}

const DEFAULT_CLOCK_SKEW = 60;
const DEFAULT_CLAIM_LEEWAY = 150;

function leeway(value: number, fallback: number): number {
  if (value < 0) return 0;
  return value === 0 ? fallback : value;
}

/** A claim by name, or by JSON pointer (RFC 6901) when the name starts with `/`. */
export function getClaim(claims: Record<string, unknown>, name: string): unknown {
  if (!name.startsWith("/")) return Object.hasOwn(claims, name) ? claims[name] : undefined;
  let node: unknown = claims;
  for (const raw of name.slice(1).split("/")) {
    const step = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(step)) node = node[Number(step)];
    else if (node && typeof node === "object" && !Array.isArray(node) && Object.hasOwn(node, step)) {
      node = (node as Record<string, unknown>)[step];
    } else return undefined;
  }
  return node;
}

function numericDate(claims: Record<string, unknown>, name: string): number {
  const v = claims[name];
  if (v === undefined || v === null) return 0;
  if (typeof v !== "number" || !Number.isFinite(v)) throw new LoginRefusal(`"${name}" claim is not a number`);
  return v;
}

/**
 * exp/nbf/iat against `nowSec`. A token needs at least one of them; a missing `exp` is taken as
 * max(iat, nbf) + expiration_leeway, a missing `nbf` as iat (or exp - not_before_leeway); then
 * clock_skew_leeway applies to all three.
 */
export function checkTimes(claims: Record<string, unknown>, nowSec: number, rules: ClaimRules): void {
  const iat = numericDate(claims, "iat");
  let exp = numericDate(claims, "exp");
  let nbf = numericDate(claims, "nbf");
  if (iat === 0 && exp === 0 && nbf === 0) throw new LoginRefusal("token has no iat, nbf or exp claim");
  if (exp === 0) exp = Math.max(iat, nbf) + leeway(rules.expirationLeeway, DEFAULT_CLAIM_LEEWAY);
  if (nbf === 0) nbf = iat !== 0 ? iat : exp - leeway(rules.notBeforeLeeway, DEFAULT_CLAIM_LEEWAY);
  const skew = leeway(rules.clockSkewLeeway, DEFAULT_CLOCK_SKEW);
  if (nowSec - skew > exp) throw new LoginRefusal("token has expired");
  if (nowSec + skew < nbf) throw new LoginRefusal("token is not valid yet (nbf)");
  if (iat !== 0 && nowSec + skew < iat) throw new LoginRefusal("token was issued in the future (iat)");
}

export function checkIssuer(claims: Record<string, unknown>, boundIssuer: string, discovered?: string): void {
  const iss = claims.iss;
  if (boundIssuer !== "" && iss !== boundIssuer)
    throw new LoginRefusal("iss claim does not match bound_issuer");
  if (discovered !== undefined && iss !== discovered) {
    throw new LoginRefusal("iss claim does not match the discovered issuer");
  }
}

/** The role's audiences must meet the token's; a token with an audience needs a role that binds one. */
export function checkAudience(claims: Record<string, unknown>, bound: readonly string[]): void {
  const aud = claims.aud;
  let list: string[];
  if (aud === undefined || aud === null) list = [];
  else if (typeof aud === "string") list = [aud];
  else if (Array.isArray(aud) && aud.every((a) => typeof a === "string")) list = aud;
  else throw new LoginRefusal("aud claim is not a string or a list of strings");
  if (bound.length === 0) {
    if (list.length > 0)
      throw new LoginRefusal("audience claim found in JWT but no audiences bound to the role");
    return;
  }
  if (!bound.some((b) => list.includes(b)))
    throw new LoginRefusal("aud claim does not match any bound audience");
}

export function checkSubject(claims: Record<string, unknown>, boundSubject: string): void {
  if (boundSubject !== "" && claims.sub !== boundSubject) {
    throw new LoginRefusal("sub claim does not match bound_subject");
  }
}

function isScalar(v: unknown): v is BoundClaimScalar {
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

/** Every bound claim must be present and one of its values must match one of the token's. */
export function checkBoundClaims(
  claims: Record<string, unknown>,
  bound: Record<string, BoundClaimValue>,
  type: "string" | "glob",
): void {
  for (const [name, expected] of Object.entries(bound)) {
    const actual = getClaim(claims, name);
    if (actual === undefined || actual === null) throw new LoginRefusal(`claim "${name}" is missing`);
    const actuals = (Array.isArray(actual) ? actual : [actual]).filter(isScalar);
    const wanted = Array.isArray(expected) ? expected : [expected];
    const matches = wanted.some((w) =>
      actuals.some((a) =>
        type === "glob" ? typeof a === "string" && globMatch(String(w), a) : String(a) === String(w),
      ),
    );
    if (!matches) throw new LoginRefusal(`claim "${name}" does not match any associated bound claim values`);
  }
}

export function userName(claims: Record<string, unknown>, userClaim: string, jsonPointer: boolean): string {
  const v = jsonPointer
    ? getClaim(claims, userClaim)
    : Object.hasOwn(claims, userClaim)
      ? claims[userClaim]
      : undefined;
  if (typeof v !== "string" || v === "")
    throw new LoginRefusal(`user claim "${userClaim}" is missing or not a string`);
  return v;
}

/** Token metadata from claim_mappings (claim -> metadata key); absent claims are skipped. */
export function claimMetadata(
  claims: Record<string, unknown>,
  mappings: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [source, target] of Object.entries(mappings)) {
    const v = getClaim(claims, source);
    if (v === undefined || v === null) continue;
    if (!isScalar(v)) throw new LoginRefusal(`claim "${source}" cannot be mapped to metadata: not a string`);
    out[target] = String(v);
  }
  return out;
}

/** Group names from groups_claim (a string or a list of strings); [] when the role names none. */
export function groupNames(claims: Record<string, unknown>, groupsClaim: string): string[] {
  if (groupsClaim === "") return [];
  const v = getClaim(claims, groupsClaim);
  if (v === undefined || v === null)
    throw new LoginRefusal(`groups claim "${groupsClaim}" not found in token`);
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((g) => typeof g === "string")) {
    throw new LoginRefusal(`groups claim "${groupsClaim}" is not a list of strings`);
  }
  return [...new Set((list as string[]).filter((g) => g !== ""))];
}
