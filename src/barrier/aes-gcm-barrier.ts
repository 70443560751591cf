/**
 * The security barrier: SecureStorage with plaintext above and AES-256-GCM ciphertext below.
 * Logical key `k` is stored at physical key `logical/k`, encrypted with the keyring's active term
 * and `k` as additional authenticated data. While sealed it holds no key material and every
 * method rejects with SealedError.
 */
import { InternalError, InvalidRequestError, SealedError } from "../errors.js";
import type { SecureStorage } from "../logical/types.js";
import type { PhysicalStorage, StorageEntry, TxCheck, TxOp } from "../storage/types.js";
import { type Clock, systemClock } from "../util/clock.js";
import type { Keyring } from "./keyring.js";
import { openKeyring, sealKeyring } from "./keyring-store.js";
import { KEYRING_PATH, physicalKeyOf } from "./paths.js";
import { decryptValue, encryptValue, readTerm } from "./value-format.js";

export interface KeyStatus {
  term: number;
  /** RFC 3339. */
  installTime: string;
  /** Encryptions with the active term since this node unsealed (or rotated). */
  encryptions: number;
}

interface UnsealedState {
  rootKey: Buffer;
  keyring: Keyring;
  keyringRevision: number;
  encryptions: number;
}

const ROTATE_ATTEMPTS = 3;

export class AesGcmBarrier implements SecureStorage {
  private state: UnsealedState | null = null;
  private reloading: Promise<void> | null = null;

  constructor(
    private readonly physical: PhysicalStorage,
    private readonly clock: Clock = systemClock,
  ) {}

  get sealed(): boolean {
    return this.state === null;
  }

  /**
   * Loads the keyring with `rootKey` and opens the barrier. Takes ownership of `rootKey`: the
   * barrier zeroes it on seal, or at once if unsealing fails or the barrier is already unsealed.
   */
  async unseal(rootKey: Buffer): Promise<void> {
    let owned = false;
    try {
      if (this.state) return;
      const entry = await this.physical.get(KEYRING_PATH);
      if (!entry) throw new InternalError("keyring not found in storage");
      const keyring = openKeyring(entry.value, rootKey);
      if (this.state) {
        keyring.destroy();
        return;
      }
      this.state = { rootKey, keyring, keyringRevision: entry.revision, encryptions: 0 };
      owned = true;
    } finally {
      if (!owned) rootKey.fill(0);
    }
  }

  /** Zeroes and drops all key material. */
  seal(): void {
    const s = this.state;
    if (!s) return;
    this.state = null;
    s.keyring.destroy();
    s.rootKey.fill(0);
  }

  async get(key: string): Promise<StorageEntry | null> {
    assertKey(key);
    this.unsealed();
    const entry = await this.physical.get(physicalKeyOf(key));
    this.unsealed();
    if (!entry) return null;
    return { key, value: await this.decrypt(key, entry.value), revision: entry.revision };
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    assertKey(key);
    return this.physical.put(physicalKeyOf(key), this.encrypt(key, value));
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    this.unsealed();
    await this.physical.delete(physicalKeyOf(key));
  }

  async list(prefix: string): Promise<string[]> {
    assertKey(prefix);
    this.unsealed();
    const keys = await this.physical.list(physicalKeyOf(prefix));
    this.unsealed();
    return keys;
  }

  async transaction(ops: TxOp[], checks: TxCheck[] = []): Promise<boolean> {
    this.unsealed();
    if (!Array.isArray(ops) || !Array.isArray(checks)) {
      throw new InvalidRequestError("transaction ops and checks must be arrays");
    }
    const physicalOps: TxOp[] = ops.map((op) => {
      assertKey(op?.key);
      if (op.type === "put") {
        return { type: "put", key: physicalKeyOf(op.key), value: this.encrypt(op.key, op.value) };
      }
      if (op.type === "delete") return { type: "delete", key: physicalKeyOf(op.key) };
      throw new InvalidRequestError("transaction op must be put or delete");
    });
    const physicalChecks: TxCheck[] = checks.map((c) => {
      assertKey(c?.key);
      return { ...c, key: physicalKeyOf(c.key) };
    });
    return this.physical.transaction(physicalOps, physicalChecks);
  }

  keyStatus(): KeyStatus {
    const s = this.unsealed();
    const active = s.keyring.activeTerm;
    return {
      term: active.term,
      installTime: new Date(active.installTime).toISOString(),
      encryptions: s.encryptions,
    };
  }

  /** Adds a keyring term; new writes use it, older terms still decrypt. */
  async rotate(): Promise<KeyStatus> {
    for (let attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
      const s = this.unsealed();
      const next = s.keyring.rotated(this.clock.now());
      let stored: boolean;
      try {
        stored = await this.physical.transaction(
          [{ type: "put", key: KEYRING_PATH, value: sealKeyring(next, s.rootKey) }],
          [{ key: KEYRING_PATH, revision: s.keyringRevision }],
        );
      } catch (err) {
        next.destroy();
        throw err;
      }
      if (!stored) {
        // Another node rotated first: pick up its keyring and try again on top of it.
        next.destroy();
        await this.reloadKeyring();
        continue;
      }
      if (this.state !== s) {
        next.destroy();
        throw new SealedError();
      }
      s.keyring.destroy();
      s.keyring = next;
      s.keyringRevision += 1;
      s.encryptions = 0;
      return this.keyStatus();
    }
    throw new InternalError("keyring rotation kept conflicting with concurrent rotations");
  }

  /**
   * Re-reads the keyring from storage (after another node rotated it). Called on its own when a
   * value names a term this node does not know; concurrent callers share one read.
   */
  reloadKeyring(): Promise<void> {
    this.reloading ??= this.loadStoredKeyring().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async loadStoredKeyring(): Promise<void> {
    const s = this.unsealed();
    const entry = await this.physical.get(KEYRING_PATH);
    if (this.state !== s) throw new SealedError();
    if (!entry) throw new InternalError("keyring not found in storage");
    if (entry.revision === s.keyringRevision) return;
    const keyring = openKeyring(entry.value, s.rootKey);
    if (keyring.activeTerm.term < s.keyring.activeTerm.term) {
      keyring.destroy();
      return;
    }
    if (keyring.activeTerm.term !== s.keyring.activeTerm.term) s.encryptions = 0;
    s.keyring.destroy();
    s.keyring = keyring;
    s.keyringRevision = entry.revision;
  }

  private unsealed(): UnsealedState {
    if (!this.state) throw new SealedError();
    return this.state;
  }

  private encrypt(key: string, plaintext: Uint8Array): Buffer {
    if (!(plaintext instanceof Uint8Array)) throw new InvalidRequestError("storage value must be bytes");
    const s = this.unsealed();
    const active = s.keyring.activeTerm;
    s.encryptions += 1;
    return encryptValue(active.key, active.term, plaintext, key);
  }

  private async decrypt(key: string, value: Uint8Array): Promise<Buffer> {
    const term = readTerm(value, key);
    let dataKey = this.unsealed().keyring.key(term);
    if (!dataKey) {
      await this.reloadKeyring();
      dataKey = this.unsealed().keyring.key(term);
    }
    if (!dataKey) throw new InternalError(`stored value at ${key} uses an unknown key term`);
    return decryptValue(dataKey, value, key);
  }
}

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new InvalidRequestError("storage key must be a string");
}
