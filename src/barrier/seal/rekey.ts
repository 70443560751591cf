/**
 * Rekey: a threshold of current shares authorises a new unseal key, split into new shares. The
 * root key stays the same; it is rewrapped by the new unseal key. With verification, the new
 * shares only take effect once a threshold of them is given back.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { InternalError, InvalidRequestError, SealedError } from "../../errors.js";
import { KEY_BYTES } from "../value-format.js";
import { type SealConfig, sealConfigOf, shareParamsProblem } from "./config.js";
import { assertShareLength, splitKey } from "./key-share.js";
import { ShareCollector } from "./share-collector.js";
import { type SealStore, unwrapRootKey, wrapRootKey } from "./store.js";
import type {
  RekeyParams,
  RekeyStatus,
  RekeyUpdateResult,
  RekeyVerifyResult,
  RekeyVerifyStatus,
} from "./types.js";

/** What a seal operation needs from the seal that runs it. */
export interface SealAccess {
  readonly store: SealStore;
  isSealed(): boolean;
}

interface PendingVerification {
  nonce: string;
  /** The root key wrapped by the new unseal key, waiting to be installed. */
  rootKeyBlob: Buffer;
  rootKeyRevision: number;
  shares: ShareCollector;
}

interface RekeyAttempt {
  nonce: string;
  config: SealConfig;
  requireVerification: boolean;
  shares: ShareCollector;
  pending: PendingVerification | null;
}

export class Rekey {
  private attempt: RekeyAttempt | null = null;

  constructor(private readonly seal: SealAccess) {}

  async init(params: RekeyParams): Promise<RekeyStatus> {
    this.requireUnsealed();
    const problem = shareParamsProblem(params);
    if (problem) throw new InvalidRequestError(`invalid rekey seal configuration: ${problem}`);
    if (this.attempt) throw new InvalidRequestError("rekey already in progress");
    this.attempt = {
      nonce: randomUUID(),
      config: sealConfigOf(params),
      requireVerification: params.requireVerification === true,
      shares: new ShareCollector(),
      pending: null,
    };
    return this.status();
  }

  async status(): Promise<RekeyStatus> {
    this.requireUnsealed();
    const current = await this.seal.store.requireConfig();
    const a = this.attempt;
    const status: RekeyStatus = {
      nonce: a?.nonce ?? "",
      started: a !== null,
      t: a?.config.secret_threshold ?? 0,
      n: a?.config.secret_shares ?? 0,
      progress: a?.shares.size ?? 0,
      required: current.secret_threshold,
      pgp_fingerprints: null,
      backup: false,
      verification_required: a?.requireVerification ?? false,
    };
    if (a?.pending) status.verification_nonce = a.pending.nonce;
    return status;
  }

  async update(key: Uint8Array, nonce: string): Promise<RekeyStatus | RekeyUpdateResult> {
    this.requireUnsealed();
    const a = this.attempt;
    if (!a) throw new InvalidRequestError("no barrier rekey in progress");
    if (a.pending) {
      throw new InvalidRequestError(
        `rekey operation already finished; verification must be performed; nonce for the verification operation is "${a.pending.nonce}"`,
      );
    }
    if (nonce !== a.nonce) {
      throw new InvalidRequestError(
        `incorrect nonce supplied; nonce for this rekey operation is "${a.nonce}"`,
      );
    }
    const current = await this.seal.store.requireConfig();
    assertShareLength(key, current);
    if (a.shares.has(key)) {
      throw new InvalidRequestError("given key has already been provided during this rekey operation");
    }
    a.shares.add(key);
    if (a.shares.size < current.secret_threshold) return this.status();

    const unsealKey = await a.shares.combine(current.secret_shares);
    const opened = unsealKey ? await this.seal.store.openRootKey(unsealKey) : null;
    unsealKey?.fill(0);
    if (!opened) {
      throw new InvalidRequestError(
        "rekey failed: the key shares do not reconstruct the current unseal key; rekey progress was reset",
      );
    }
    const newUnsealKey = randomBytes(KEY_BYTES);
    let newShares: Buffer[];
    let rootKeyBlob: Buffer;
    try {
      newShares = await splitKey(newUnsealKey, a.config.secret_shares, a.config.secret_threshold);
      rootKeyBlob = wrapRootKey(opened.rootKey, newUnsealKey);
    } finally {
      newUnsealKey.fill(0);
      opened.rootKey.fill(0);
    }
    try {
      this.assertStillCurrent(a);
      const result: RekeyUpdateResult = {
        nonce: a.nonce,
        complete: true,
        keys: newShares.map((s) => s.toString("hex")),
        keys_base64: newShares.map((s) => s.toString("base64")),
        pgp_fingerprints: null,
        backup: false,
        verification_required: a.requireVerification,
      };
      if (a.requireVerification) {
        const nonce = randomUUID();
        a.pending = { nonce, rootKeyBlob, rootKeyRevision: opened.revision, shares: new ShareCollector() };
        result.verification_nonce = nonce;
        return result;
      }
      await this.install(a, rootKeyBlob, opened.revision);
      return result;
    } finally {
      for (const s of newShares) s.fill(0);
    }
  }

  async verify(key: Uint8Array, nonce: string): Promise<RekeyVerifyStatus | RekeyVerifyResult> {
    this.requireUnsealed();
    const a = this.attempt;
    if (!a) throw new InvalidRequestError("no rekey in progress");
    const p = a.pending;
    if (!p) throw new InvalidRequestError("no rekey verification in progress");
    if (nonce !== p.nonce) {
      throw new InvalidRequestError(
        `incorrect nonce supplied; nonce for this verify operation is "${p.nonce}"`,
      );
    }
    assertShareLength(key, a.config);
    if (p.shares.has(key)) {
      throw new InvalidRequestError("given key has already been provided during this verify operation");
    }
    p.shares.add(key);
    if (p.shares.size < a.config.secret_threshold) return this.verifyStatus();

    const candidate = await p.shares.combine(a.config.secret_shares);
    const rootKey = candidate ? unwrapRootKey(p.rootKeyBlob, candidate) : null;
    candidate?.fill(0);
    if (!rootKey) {
      p.nonce = randomUUID();
      throw new InvalidRequestError("rekey verification failed; incorrect key shares supplied");
    }
    rootKey.fill(0);
    this.assertStillCurrent(a);
    const verifiedNonce = p.nonce;
    await this.install(a, p.rootKeyBlob, p.rootKeyRevision);
    return { nonce: verifiedNonce, complete: true };
  }

  verifyStatus(): RekeyVerifyStatus {
    this.requireUnsealed();
    const a = this.attempt;
    if (!a) throw new InvalidRequestError("no rekey configuration found");
    return {
      nonce: a.pending?.nonce ?? "",
      started: a.pending !== null,
      t: a.config.secret_threshold,
      n: a.config.secret_shares,
      progress: a.pending?.shares.size ?? 0,
    };
  }

  /** Drops the verification shares given so far and issues a new verification nonce. */
  verifyRestart(): RekeyVerifyStatus {
    this.requireUnsealed();
    const p = this.attempt?.pending;
    if (p) {
      p.shares.clear();
      p.nonce = randomUUID();
    }
    return this.verifyStatus();
  }

  cancel(): void {
    this.requireUnsealed();
    this.clear();
  }

  /** Forgets the attempt and zeroes its shares (also on seal). */
  clear(): void {
    const a = this.attempt;
    this.attempt = null;
    if (!a) return;
    a.shares.clear();
    a.pending?.shares.clear();
    a.pending?.rootKeyBlob.fill(0);
  }

  private async install(a: RekeyAttempt, rootKeyBlob: Buffer, rootKeyRevision: number): Promise<void> {
    const installed = await this.seal.store.replaceUnsealKey(a.config, rootKeyBlob, rootKeyRevision);
    if (this.attempt === a) this.clear();
    if (!installed) {
      throw new InternalError("the unseal key changed while this rekey was in progress; start a new rekey");
    }
  }

  private assertStillCurrent(a: RekeyAttempt): void {
    if (this.seal.isSealed()) throw new SealedError();
    if (this.attempt !== a) throw new InvalidRequestError("the rekey was cancelled");
  }

  private requireUnsealed(): void {
    if (this.seal.isSealed()) throw new SealedError();
  }
}
