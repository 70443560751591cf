/**
 * A login's way from the auth method's AuthIssue to a token: its alias becomes an entity (found
 * or created), login MFA enforcements are checked (single-phase header, or the login is parked
 * and answered with an MFA requirement until sys/mfa/validate completes it), then the token is
 * minted with the entity's policies shown beside its own.
 */
import { InvalidRequestError, PermissionDeniedError } from "../errors.js";
import { field } from "../logical/fields.js";
import { definePath, type PathDef } from "../logical/framework.js";
import type { IdentityService, IdentityView } from "../logical/identity.js";
import type { AuthEnvelope, AuthIssue } from "../logical/types.js";
import type { Clock } from "../util/clock.js";
import { effectivePolicies, fromView, type TokenIdentity } from "./identity-link.js";
import { type LoginRequestContext, PendingMfaLogins, parseMfaHeader, parseMfaPayload } from "./login-mfa.js";
import { routePath } from "./mounts/types.js";
import { assertAssignable } from "./token/policies.js";
import type { TokenStore } from "./token/store.js";

export class LoginFlow {
  private readonly pending: PendingMfaLogins;

  constructor(
    private readonly store: TokenStore,
    private readonly identity: () => IdentityService | null,
    clock: Clock,
  ) {
    this.pending = new PendingMfaLogins(clock);
  }

  async login(auth: AuthIssue, ctx: LoginRequestContext & { mfaHeader: string }): Promise<AuthEnvelope> {
    const service = this.identity();
    const view = auth.alias && service ? await this.entityOf(service, auth, ctx) : null;
    const constraints =
      service?.mfa.constraintsFor({
        mountAccessor: ctx.mount.accessor,
        mountType: ctx.mount.type,
        entityId: view?.entityId ?? "",
      }) ?? [];
    if (service && constraints.length > 0) {
      // MFA needs an entity: a login without one on an enforced mount is refused.
      if (!view) throw new PermissionDeniedError();
      if (ctx.mfaHeader === "") {
        return this.pending.park({ auth, ctx, entityId: view.entityId, constraints });
      }
      await service.mfa.validate(view.entityId, constraints, parseMfaHeader(ctx.mfaHeader));
    }
    return this.mint(auth, ctx, view ? fromView(view) : null);
  }

  /** sys/mfa/validate: completes a parked login with passcodes and answers its token. */
  async complete(requestId: string, payload: unknown): Promise<AuthEnvelope> {
    if (requestId === "") throw new InvalidRequestError("missing request ID");
    const creds = parseMfaPayload(payload);
    const parked = this.pending.take(requestId);
    const service = this.identity();
    if (!parked || !service) throw new InvalidRequestError("invalid request ID");
    try {
      await service.mfa.validate(parked.entityId, parked.constraints, creds);
    } catch (err) {
      this.pending.failed(requestId, parked);
      throw err;
    }
    const view = service.view(parked.entityId);
    if (!view || view.disabled) throw new PermissionDeniedError();
    assertIdentityPolicies(view);
    return this.mint(parked.auth, parked.ctx, fromView(view));
  }

  clear(): void {
    this.pending.clear();
  }

  /** sys/mfa/validate (unauthenticated, as in Vault: the request id is the credential). */
  pathGroup(): { paths: PathDef[]; unauthenticated: string[] } {
    return {
      paths: [
        definePath({
          pattern: "mfa/validate",
          fields: { mfa_request_id: field.str().optional(), mfa_payload: field.object().optional() },
          operations: {
            update: async (_req, f) => ({
              data: null,
              authEnvelope: await this.complete(f.mfa_request_id ?? "", f.mfa_payload),
            }),
          },
          help: "Complete a login that is subject to MFA with its request id and passcodes.",
        }),
      ],
      unauthenticated: ["mfa/validate"],
    };
  }

  private async entityOf(service: IdentityService, auth: AuthIssue, ctx: LoginRequestContext) {
    const alias = auth.alias as NonNullable<AuthIssue["alias"]>;
    const view = await service.entityForLogin({
      mountAccessor: ctx.mount.accessor,
      mountType: ctx.mount.type,
      name: alias.name,
      metadata: alias.metadata,
      ...(auth.groupAliases !== undefined ? { groupNames: auth.groupAliases } : {}),
    });
    if (view.disabled) throw new PermissionDeniedError();
    assertIdentityPolicies(view);
    return view;
  }

  private async mint(auth: AuthIssue, ctx: LoginRequestContext, identity: TokenIdentity | null) {
    const tokenType = ctx.mount.config.token_type;
    const minted = await this.store.createFromAuth(auth, {
      path: ctx.path,
      mountPath: routePath(ctx.mount),
      mountAccessor: ctx.mount.accessor,
      ttls: ctx.ttls,
      mountTokenType:
        tokenType === "service" ||
        tokenType === "batch" ||
        tokenType === "default-service" ||
        tokenType === "default-batch"
          ? tokenType
          : undefined,
      entityId: identity?.identity?.entityId ?? "",
    });
    const env = minted.envelope;
    if (!identity || identity.identityPolicies.length === 0) return env;
    return {
      ...env,
      policies: effectivePolicies(env.policies, identity.identityPolicies),
      identity_policies: identity.identityPolicies,
    };
  }
}

/** Auth methods never mint root (or otherwise non-assignable) tokens, not through identity either. */
function assertIdentityPolicies(view: IdentityView): void {
  if (view.policies.includes("root")) throw new InvalidRequestError("auth methods cannot create root tokens");
  assertAssignable(view.policies);
}
