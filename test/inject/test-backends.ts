/**
 * Test-only backends registered into one test server's engine tables (through the core's private
 * options, as test/core/http-leases.test.ts does; nothing in src/ knows them):
 * - `test-leased`: `creds/<role>` hands out a fresh username/password under a renewable lease
 *   (stands in for database/creds/<role> until that engine lands); renewals and revocations are
 *   recorded and can be awaited.
 * - `test-login`: `login` accepts the approle, kubernetes and jwt login bodies and issues a token
 *   (stands in for those auth methods: the SDK's helpers are plain HTTP logins).
 */
import { EventEmitter, once } from "node:events";
import { InvalidRequestError } from "../../src/errors.js";
import { field } from "../../src/logical/fields.js";
import { createBackend, definePath } from "../../src/logical/framework.js";
import type { BackendFactory } from "../../src/logical/types.js";
import type { TestServer } from "../helpers/server.js";

export class LeaseLog extends EventEmitter {
  readonly renewed: string[] = [];
  readonly revoked: string[] = [];
  /** Seconds each new lease lasts (and each renewal grants). */
  ttl = 60;
  /** Seconds a lease may live in all (the core caps renewals at it). */
  maxTTL = 3600;
  issued = 0;

  async nextRenewal(): Promise<string> {
    const [name] = await once(this, "renewed");
    return name as string;
  }

  async nextRevocation(): Promise<string> {
    const [name] = await once(this, "revoked");
    return name as string;
  }
}

function leasedEngine(log: LeaseLog): BackendFactory {
  return () =>
    createBackend({
      type: "test-leased",
      paths: [
        definePath({
          pattern: "creds/(?<role>[a-z0-9-]+)",
          operations: {
            read: async (req) => {
              log.issued += 1;
              const name = `v-${req.path.slice("creds/".length)}-${log.issued}`;
              return {
                data: { username: name, password: `pw-${name}-A1b2C3d4` },
                secret: { ttl: log.ttl, maxTTL: log.maxTTL, renewable: true, internal: { name } },
              };
            },
          },
        }),
      ],
      renewSecret: async (req) => {
        const name = String(req.lease?.internal.name);
        log.renewed.push(name);
        log.emit("renewed", name);
        return { secret: { ttl: log.ttl, maxTTL: log.maxTTL, renewable: true, internal: { name } } };
      },
      revokeSecret: async (req) => {
        const name = String(req.lease?.internal.name);
        log.revoked.push(name);
        log.emit("revoked", name);
      },
    });
}

/** What the test login backend accepts. */
export const LOGIN = { roleId: "role-1234", secretId: "sid-5678-secret", jwt: "header.payload.sig" };

const loginBackend: BackendFactory = () =>
  createBackend({
    type: "test-login",
    unauthenticatedPaths: ["login"],
    paths: [
      definePath({
        pattern: "login",
        fields: {
          role_id: field.str().default(""),
          secret_id: field.str().default(""),
          role: field.str().default(""),
          jwt: field.str().default(""),
        },
        operations: {
          update: async (_req, f) => {
            const approle = f.role_id === LOGIN.roleId && f.secret_id === LOGIN.secretId;
            const jwt = f.role === "app" && f.jwt === LOGIN.jwt;
            if (!approle && !jwt) throw new InvalidRequestError("invalid credentials");
            return {
              auth: {
                policies: ["default"],
                metadata: { role: f.role || f.role_id },
                displayName: "test-login",
                ttl: 600,
                maxTTL: 3600,
                period: 0,
                explicitMaxTTL: 0,
                numUses: 0,
                renewable: true,
                internal: {},
              },
            };
          },
        },
      }),
    ],
  });

/** Registers both backends, mounts `test-leased` at `mount` and `test-login` at each login mount. */
export async function addTestBackends(
  s: TestServer,
  opts: { leasedMount?: string; loginMounts?: string[] } = {},
): Promise<LeaseLog> {
  const log = new LeaseLog();
  const core = s.core as unknown as {
    opts: { engines: { secret: Record<string, BackendFactory>; auth: Record<string, BackendFactory> } };
  };
  const engines = core.opts.engines;
  core.opts.engines = {
    ...engines,
    secret: { ...engines.secret, "test-leased": leasedEngine(log) },
    auth: { ...engines.auth, "test-login": loginBackend },
  };
  const leased = await s.request("POST", `sys/mounts/${opts.leasedMount ?? "database"}`, {
    token: s.rootToken,
    body: { type: "test-leased" },
  });
  if (leased.status !== 204) throw new Error(`mount test-leased: ${leased.status} ${leased.text}`);
  for (const mount of opts.loginMounts ?? []) {
    const r = await s.request("POST", `sys/auth/${mount}`, {
      token: s.rootToken,
      body: { type: "test-login" },
    });
    if (r.status !== 204) throw new Error(`enable test-login: ${r.status} ${r.text}`);
  }
  return log;
}
