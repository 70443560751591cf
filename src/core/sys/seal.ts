/**
 * The bare seal handlers (init, seal-status, unseal, seal, health, leader, rekey, generate-root)
 * and key-status/rotate. Bare handlers answer with a plain JSON object (`raw`), not an envelope.
 */

import { decodeKeyShare, type KeyStatus, type SealManager, type SealStatus } from "../../barrier/index.js";
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { LogicalResponse } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import { healthPaths } from "./health.js";
import { BUILD_DATE, VERSION } from "./version.js";

export { BUILD_DATE, VERSION } from "./version.js";

export interface SealDeps {
  seal: SealManager;
  clock: Clock;
  isSealed(): boolean;
  storageType: string;
  cluster(): { name: string; id: string } | null;
  /** Initialises the seal and mints the first root token. */
  initialize(shares: number, threshold: number): Promise<{ keys: Buffer[]; rootToken: string }>;
  /** Runs the core's post-unseal setup when a key completed the threshold. */
  afterUnseal(): Promise<void>;
  /** Seals the core (stops background work, drops keys). */
  sealCore(): Promise<void>;
  keyStatus(): KeyStatus;
  rotate(): Promise<void>;
  /** Enabled audit devices and how many are failing to write (shown by sys/health). */
  auditSummary?(): { enabled: number; failing: number };
}

const raw = (body: unknown, status = 200): LogicalResponse => ({ raw: { status, body } });

/** Reads `key` from the body; Vault accepts the field name in any case. */
function keyField(data: Readonly<Record<string, unknown>>, name: string): unknown {
  for (const [k, v] of Object.entries(data)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function requireKey(data: Readonly<Record<string, unknown>>): Buffer {
  const key = keyField(data, "key");
  if (typeof key !== "string" || key === "") {
    throw new InvalidRequestError("'key' must be specified in request body as JSON");
  }
  return decodeKeyShare(key);
}

async function sealStatus(deps: SealDeps, s?: SealStatus): Promise<Record<string, unknown>> {
  const st = s ?? (await deps.seal.status());
  const out: Record<string, unknown> = {
    ...st,
    version: VERSION,
    build_date: BUILD_DATE,
    migration: false,
    recovery_seal: false,
    storage_type: deps.storageType,
  };
  const cluster = deps.isSealed() ? null : deps.cluster();
  if (cluster) {
    out.cluster_name = cluster.name;
    out.cluster_id = cluster.id;
  }
  return out;
}

/**
 * Submits one unseal share; the call whose share opens the barrier runs the core's post-unseal
 * setup, and if that setup fails the core is sealed again rather than left half set up.
 */
async function unsealWith(deps: SealDeps, share: Buffer): Promise<SealStatus> {
  if (!(await deps.seal.isInitialized())) throw new InvalidRequestError("Vault is not initialized");
  const wasSealed = deps.isSealed();
  const st = await deps.seal.submitUnsealKey(share);
  if (!wasSealed || st.sealed) return st;
  try {
    await deps.afterUnseal();
  } catch (err) {
    await deps.sealCore().catch(() => undefined);
    throw err;
  }
  return st;
}

/** Runs tasks one at a time, in call order. */
function serialQueue(): { run<T>(task: () => Promise<T>): Promise<T> } {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

function initPaths(deps: SealDeps): PathDef[] {
  // Unseal and seal change the core's state (mounts, timers): never two at once, so concurrent
  // final shares cannot run the post-unseal setup twice and a seal cannot interleave with it.
  const stateChanges = serialQueue();
  return [
    definePath({
      pattern: "init",
      fields: {
        secret_shares: field.int().optional(),
        secret_threshold: field.int().optional(),
        pgp_keys: field.strings().optional(),
        root_token_pgp_key: field.str().optional(),
        stored_shares: field.int().optional(),
      },
      operations: {
        read: async () => raw({ initialized: await deps.seal.isInitialized() }),
        update: async (_req, f) => {
          if (f.pgp_keys?.length || f.root_token_pgp_key) {
            throw new InvalidRequestError("PGP-encrypted key shares are not supported by cofre");
          }
          if (f.secret_shares === undefined || f.secret_threshold === undefined) {
            throw new InvalidRequestError("secret_shares and secret_threshold must be specified");
          }
          const { keys, rootToken } = await deps.initialize(f.secret_shares, f.secret_threshold);
          const body = {
            keys: keys.map((k) => k.toString("hex")),
            keys_base64: keys.map((k) => k.toString("base64")),
            root_token: rootToken,
          };
          for (const k of keys) k.fill(0);
          return raw(body);
        },
      },
      help: "Initialise the server: create the keys and the first root token.",
    }),
    definePath({
      pattern: "seal-status",
      operations: { read: async () => raw(await sealStatus(deps)) },
    }),
    definePath({
      pattern: "unseal",
      operations: {
        update: async (req) => {
          const reset = keyField(req.data, "reset");
          if (reset === true || reset === "true") {
            if (!deps.isSealed()) throw new InvalidRequestError("vault is unsealed");
            return raw(await sealStatus(deps, await deps.seal.resetUnseal()));
          }
          const key = keyField(req.data, "key");
          if (typeof key !== "string" || key === "") {
            throw new InvalidRequestError(
              "'key' must be specified in request body as JSON, or 'reset' set to true",
            );
          }
          const share = decodeKeyShare(key);
          try {
            return raw(await sealStatus(deps, await stateChanges.run(() => unsealWith(deps, share))));
          } finally {
            share.fill(0);
          }
        },
      },
    }),
    definePath({
      pattern: "seal",
      operations: {
        update: async () => {
          await stateChanges.run(() => deps.sealCore());
          return null;
        },
      },
    }),
    definePath({ pattern: "step-down", operations: { update: async () => null } }),
    definePath({
      pattern: "key-status",
      operations: {
        read: async () => {
          const k = deps.keyStatus();
          return { data: { term: k.term, install_time: k.installTime, encryptions: k.encryptions } };
        },
      },
    }),
    definePath({
      pattern: "rotate",
      operations: {
        update: async () => {
          await deps.rotate();
          return null;
        },
      },
    }),
  ];
}

function rekeyPaths(deps: SealDeps): PathDef[] {
  const s = deps.seal;
  return [
    definePath({
      pattern: "rekey/init",
      fields: {
        secret_shares: field.int().optional(),
        secret_threshold: field.int().optional(),
        pgp_keys: field.strings().optional(),
        backup: field.bool().optional(),
        require_verification: field.bool().optional(),
      },
      operations: {
        read: async () => raw(await s.rekeyStatus()),
        update: async (_req, f) => {
          if (f.pgp_keys?.length || f.backup)
            throw new InvalidRequestError("PGP-encrypted key shares and backups are not supported by cofre");
          if (f.secret_shares === undefined || f.secret_threshold === undefined) {
            throw new InvalidRequestError("secret_shares and secret_threshold must be specified");
          }
          return raw(
            await s.rekeyInit({
              secretShares: f.secret_shares,
              secretThreshold: f.secret_threshold,
              requireVerification: f.require_verification ?? false,
            }),
          );
        },
        delete: async () => {
          await s.rekeyCancel();
          return null;
        },
      },
    }),
    definePath({
      pattern: "rekey/update",
      fields: { nonce: field.str().optional() },
      operations: {
        update: async (req, f) => raw(await s.rekeyUpdate(requireKey(req.data), f.nonce ?? "")),
      },
    }),
    definePath({
      pattern: "rekey/verify",
      fields: { nonce: field.str().optional() },
      operations: {
        read: async () => raw(await s.rekeyVerifyStatus()),
        update: async (req, f) => raw(await s.rekeyVerify(requireKey(req.data), f.nonce ?? "")),
        delete: async () => raw(await s.rekeyVerifyRestart()),
      },
    }),
    definePath({
      pattern: "generate-root/attempt",
      fields: { pgp_key: field.str().optional(), otp: field.str().optional() },
      operations: {
        read: async () => raw(await s.generateRootStatus()),
        update: async (_req, f) => {
          if (f.pgp_key)
            throw new InvalidRequestError("PGP-encrypted root tokens are not supported by cofre");
          // A client may bring its own OTP (Vault's `otp`, e.g. `operator generate-root -otp`).
          return raw(await s.generateRootInit(f.otp === "" ? undefined : f.otp));
        },
        delete: async () => {
          await s.generateRootCancel();
          return null;
        },
      },
    }),
    definePath({
      pattern: "generate-root/update",
      fields: { nonce: field.str().optional() },
      operations: {
        update: async (req, f) => raw(await s.generateRootUpdate(requireKey(req.data), f.nonce ?? "")),
      },
    }),
  ];
}

export function sealPaths(deps: SealDeps): PathDef[] {
  return [...initPaths(deps), ...healthPaths(deps), ...rekeyPaths(deps)];
}

export const sealUnauthenticatedPaths = [
  "init",
  "seal-status",
  "unseal",
  "health",
  "leader",
  "rekey/*",
  "generate-root/attempt",
  "generate-root/update",
];
export const sealSudoPaths = ["seal", "step-down", "rotate"];
