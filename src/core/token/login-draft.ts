import { InvalidRequestError } from "../../errors.js";
import type { AuthIssue } from "../../logical/types.js";
import { calculateTTL } from "../expiration/ttl.js";
import { parseCIDRs } from "./cidr.js";
import type { TokenDraft } from "./create-plan.js";
import { assertAssignable, sanitizePolicies } from "./policies.js";
import type { LoginContext } from "./store.js";
import type { TokenType } from "./types.js";

/** The root token of sys/init, generate-root and dev mode: policies ["root"], no TTL, orphan. */
export function rootDraft(
  now: number,
  mountAccessor: string,
  opts: { displayName?: string; path?: string },
): TokenDraft {
  return {
    parent: "",
    policies: ["root"],
    meta: null,
    displayName: opts.displayName ?? "root",
    numUses: 0,
    creationTime: now,
    creationTTL: 0,
    ttl: 0,
    explicitMaxTTL: 0,
    period: 0,
    path: opts.path ?? "auth/token/root",
    type: "service",
    renewable: false,
    entityId: "",
    role: "",
    boundCIDRs: [],
    internal: {},
    expireTime: 0,
    lastRenewal: 0,
    mountAccessor,
  };
}

function loginTokenType(auth: AuthIssue, ctx: LoginContext): TokenType {
  if (auth.tokenType === "batch" || auth.tokenType === "service") return auth.tokenType;
  if (ctx.mountTokenType === "batch" || ctx.mountTokenType === "default-batch") return "batch";
  return "service";
}

/** The token a login asks for, under its auth mount's TTL rules: always an orphan, never root. */
export function draftFromLogin(
  auth: AuthIssue,
  ctx: LoginContext,
  now: number,
): { draft: TokenDraft; warnings: string[] } {
  const policies = sanitizePolicies(auth.policies, !auth.noDefaultPolicy);
  if (policies.includes("root")) throw new InvalidRequestError("auth methods cannot create root tokens");
  assertAssignable(policies);
  const type = loginTokenType(auth, ctx);
  if (type === "batch") {
    for (const [name, value] of [
      ["explicit_max_ttl", auth.explicitMaxTTL],
      ["num_uses", auth.numUses],
      ["period", auth.period],
    ] as const) {
      if (value !== 0) throw new InvalidRequestError(`batch tokens cannot have "${name}" set`);
    }
  }
  if (auth.numUses < 0) throw new InvalidRequestError("number of uses cannot be negative");
  const { ttl, warnings } = calculateTTL({
    ttls: ctx.ttls,
    increment: 0,
    backendTTL: auth.ttl,
    period: auth.period,
    backendMaxTTL: auth.maxTTL,
    explicitMaxTTL: auth.explicitMaxTTL,
    startTime: now,
    now,
  });
  const source = ctx.mountPath
    .replace(/^auth\//, "")
    .replace(/\/+$/, "")
    .replace(/\//g, "-");
  return {
    draft: {
      parent: "",
      policies,
      meta: { ...auth.metadata },
      displayName: auth.displayName ? `${source}-${auth.displayName}` : source,
      numUses: auth.numUses,
      creationTime: now,
      creationTTL: ttl,
      ttl,
      explicitMaxTTL: auth.explicitMaxTTL,
      period: auth.period,
      path: ctx.path,
      type,
      renewable: type === "service" && auth.renewable && ttl > 0,
      entityId: ctx.entityId ?? "",
      role: "",
      boundCIDRs: parseCIDRs(auth.boundCIDRs ?? [], "token_bound_cidrs"),
      internal: { ...auth.internal },
      expireTime: now + ttl * 1000,
      lastRenewal: 0,
      mountAccessor: ctx.mountAccessor,
    },
    warnings,
  };
}
