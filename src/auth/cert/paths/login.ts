/**
 * login: TLS client certificate login. The certificate chain comes from the TLS connection (never
 * from the request body); `name` picks one role, else every role is tried in name order.
 */
import { InvalidRequestError, PermissionDeniedError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { BackendContext, LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import { addressInCIDRs } from "../../common/cidr.js";
import type { LoginRateLimiter } from "../../common/rate-limit.js";
import type { RateLimitSettingsStore } from "../../common/rate-limit-config.js";
import { ROLE_NAME } from "../../common/record-paths.js";
import { tokenIssue } from "../../common/token-fields.js";
import { extensionMetadata } from "../constraints.js";
import { matchRole, presentedChain, type RoleMatch } from "../match.js";
import type { CertRoleStore } from "../role-store.js";

const ROLE_NAME_ONLY = new RegExp(`^${ROLE_NAME}$`);

export interface LoginDeps {
  ctx: Pick<BackendContext, "clock" | "logger">;
  roles: CertRoleStore;
  rateLimit: RateLimitSettingsStore;
  limiter: LoginRateLimiter;
}

/** Colon-separated lower-case hex, as Vault shows key identifiers. */
export function hexId(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
}

/** The token metadata of a login (Vault's keys). */
export function loginMetadata(m: RoleMatch): Record<string, string> {
  return {
    cert_name: m.name,
    common_name: m.leaf.commonName,
    serial_number: m.leaf.serialNumber,
    subject_key_id: hexId(m.leaf.subjectKeyId),
    authority_key_id: hexId(m.leaf.authorityKeyId),
    ...extensionMetadata(m.leaf, m.role.allowedMetadataExtensions),
  };
}

/** What the token keeps for renewal: the role, its policies, and the chain below the anchor (DER, base64). */
export function loginInternal(m: RoleMatch): Record<string, unknown> {
  const belowAnchor = m.chain.length > 1 ? m.chain.slice(0, -1) : m.chain;
  return {
    cert_name: m.name,
    policies: m.role.token.policies,
    chain: belowAnchor.map((c) => c.der.toString("base64")),
  };
}

async function login(
  deps: LoginDeps,
  req: LogicalRequest,
  name: string | undefined,
): Promise<LogicalResponse> {
  deps.limiter.take(req.connection.remoteAddress, await deps.rateLimit.get());
  if (!req.connection.tls) throw new InvalidRequestError("tls connection required");
  if (name !== undefined && !ROLE_NAME_ONLY.test(name)) throw new InvalidRequestError('invalid "name"');
  const presented = presentedChain(req.connection.peerCertificates);
  let m: RoleMatch;
  try {
    m = await matchRole(deps.roles, presented, name, deps.ctx.clock.now());
  } catch (err) {
    deps.ctx.logger.info("cert login refused", {
      common_name: presented[0].commonName,
      serial_number: presented[0].serialNumber,
      reason: err instanceof Error ? err.message : "unknown",
    });
    throw err;
  }
  if (!addressInCIDRs(m.role.token.boundCIDRs, req.connection.remoteAddress)) {
    deps.ctx.logger.info("cert login refused: client address outside the role's bound CIDRs", {
      cert_name: m.name,
    });
    throw new PermissionDeniedError();
  }
  const metadata = loginMetadata(m);
  const config = await deps.roles.config();
  return {
    auth: {
      ...tokenIssue(m.role.token),
      metadata,
      displayName: m.role.displayName,
      alias: {
        name: m.leaf.commonName || m.leaf.serialNumber,
        metadata: config.enableIdentityAliasMetadata ? { ...metadata } : {},
      },
      internal: loginInternal(m),
    },
  };
}

export function loginPaths(deps: LoginDeps): PathDef[] {
  return [
    definePath({
      pattern: "login",
      fields: { name: field.str().optional() },
      operations: {
        update: async (req, f) => login(deps, req, f.name ? f.name.toLowerCase() : undefined),
      },
      help: "Log in with the TLS client certificate of this connection (optionally naming a role).",
    }),
  ];
}
