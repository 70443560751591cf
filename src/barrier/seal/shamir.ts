/**
 * The Shamir seal: the unseal key is split into N shares with threshold T and never stored. It
 * wraps the root key, which decrypts the keyring, which opens the barrier. State changes (init,
 * unseal, seal, rekey and root generation steps) run one at a time.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import type { PhysicalStorage } from "../../storage/types.js";
import { type Clock, systemClock } from "../../util/clock.js";
import type { AesGcmBarrier } from "../aes-gcm-barrier.js";
import { Keyring } from "../keyring.js";
import { sealKeyring } from "../keyring-store.js";
import { KEY_BYTES } from "../value-format.js";
import { type SealConfig, type ShareParams, sealConfigOf, shareParamsProblem } from "./config.js";
import { type MintRootToken, RootGeneration } from "./generate-root.js";
import { assertShareLength, splitKey } from "./key-share.js";
import { DEFAULT_OTP_LENGTH } from "./otp.js";
import { Rekey } from "./rekey.js";
import { SerialQueue } from "./serial.js";
import { ShareCollector } from "./share-collector.js";
import { SealStore, wrapRootKey } from "./store.js";
import type {
  GenerateRootStatus,
  InitResult,
  RekeyParams,
  RekeyStatus,
  RekeyUpdateResult,
  RekeyVerifyResult,
  RekeyVerifyStatus,
  SealManager,
  SealStatus,
} from "./types.js";

export interface ShamirSealDeps {
  physical: PhysicalStorage;
  barrier: AesGcmBarrier;
  /** Mints a root token for generate-root; must return an `otpLength`-character token. */
  mintRootToken: MintRootToken;
  /** Length of generate-root OTPs = length of root tokens (28 for `hvs.` + 24). */
  otpLength?: number;
  clock?: Clock;
}

export class ShamirSeal implements SealManager {
  readonly type = "shamir" as const;
  private readonly store: SealStore;
  private readonly barrier: AesGcmBarrier;
  private readonly clock: Clock;
  private readonly queue = new SerialQueue();
  private readonly rekey: Rekey;
  private readonly rootGeneration: RootGeneration;
  private unsealing: { nonce: string; shares: ShareCollector } | null = null;

  constructor(deps: ShamirSealDeps) {
    this.store = new SealStore(deps.physical);
    this.barrier = deps.barrier;
    this.clock = deps.clock ?? systemClock;
    const access = { store: this.store, isSealed: () => this.barrier.sealed };
    this.rekey = new Rekey(access);
    this.rootGeneration = new RootGeneration(
      access,
      deps.mintRootToken,
      deps.otpLength ?? DEFAULT_OTP_LENGTH,
    );
  }

  async isInitialized(): Promise<boolean> {
    return (await this.store.readConfig()) !== null;
  }

  /**
   * Creates the keys of a new server and returns the key shares. The server stays sealed. If
   * `setup` is given it runs once with the barrier unsealed (to mint the first root token), and
   * the barrier is sealed again whatever it does; if it throws, the error propagates and the
   * server is initialised without what setup would have written. `setup` must not call this
   * seal's state-changing methods.
   */
  initialize(params: ShareParams, setup?: () => Promise<void>): Promise<InitResult> {
    return this.queue.run(async () => {
      const problem = shareParamsProblem(params);
      if (problem) throw new InvalidRequestError(`invalid seal configuration: ${problem}`);
      if (await this.isInitialized()) throw new InvalidRequestError("Vault is already initialized");
      const config = sealConfigOf(params);
      const unsealKey = randomBytes(KEY_BYTES);
      const rootKey = randomBytes(KEY_BYTES);
      const keyring = Keyring.create(this.clock.now());
      let keys: Buffer[] = [];
      try {
        keys = await splitKey(unsealKey, config.secret_shares, config.secret_threshold);
        const written = await this.store.writeInitial(
          config,
          wrapRootKey(rootKey, unsealKey),
          sealKeyring(keyring, rootKey),
        );
        if (!written) throw new InvalidRequestError("Vault is already initialized");
      } catch (err) {
        for (const k of keys) k.fill(0);
        rootKey.fill(0);
        throw err;
      } finally {
        unsealKey.fill(0);
        keyring.destroy();
      }
      if (!setup) {
        rootKey.fill(0);
        return { keys };
      }
      await this.barrier.unseal(rootKey);
      try {
        await setup();
      } finally {
        this.barrier.seal();
      }
      return { keys };
    });
  }

  async status(): Promise<SealStatus> {
    return this.statusFor(await this.store.readConfig());
  }

  /** Adds one key share; on reaching the threshold, unseals (or fails and resets the progress). */
  submitUnsealKey(key: Uint8Array): Promise<SealStatus> {
    return this.queue.run(async () => {
      const config = await this.store.readConfig();
      if (!config) throw new InvalidRequestError("Vault is not initialized");
      if (!this.barrier.sealed) return this.statusFor(config);
      assertShareLength(key, config);
      this.unsealing ??= { nonce: randomUUID(), shares: new ShareCollector() };
      const { shares } = this.unsealing;
      if (!shares.has(key)) shares.add(key);
      if (shares.size < config.secret_threshold) return this.statusFor(config);

      this.unsealing = null;
      const unsealKey = await shares.combine(config.secret_shares);
      const opened = unsealKey ? await this.store.openRootKey(unsealKey) : null;
      unsealKey?.fill(0);
      if (!opened) {
        throw new InvalidRequestError(
          "unseal failed: the key shares do not reconstruct the unseal key; unseal progress was reset",
        );
      }
      await this.barrier.unseal(opened.rootKey);
      return this.statusFor(config);
    });
  }

  /** Discards the unseal shares given so far. */
  resetUnseal(): Promise<SealStatus> {
    return this.queue.run(async () => {
      if (!this.barrier.sealed) throw new InvalidRequestError("vault is unsealed");
      this.unsealing?.shares.clear();
      this.unsealing = null;
      return this.status();
    });
  }

  /** Seals the barrier and forgets every share, OTP and pending rekey held in memory. */
  seal(): Promise<void> {
    return this.queue.run(() => {
      this.barrier.seal();
      this.unsealing?.shares.clear();
      this.unsealing = null;
      this.rekey.clear();
      this.rootGeneration.clear();
    });
  }

  rekeyInit(params: RekeyParams): Promise<RekeyStatus> {
    return this.queue.run(() => this.rekey.init(params));
  }

  rekeyStatus(): Promise<RekeyStatus> {
    return this.rekey.status();
  }

  rekeyUpdate(key: Uint8Array, nonce: string): Promise<RekeyStatus | RekeyUpdateResult> {
    return this.queue.run(() => this.rekey.update(key, nonce));
  }

  rekeyVerify(key: Uint8Array, nonce: string): Promise<RekeyVerifyStatus | RekeyVerifyResult> {
    return this.queue.run(() => this.rekey.verify(key, nonce));
  }

  rekeyVerifyStatus(): Promise<RekeyVerifyStatus> {
    return this.queue.run(() => this.rekey.verifyStatus());
  }

  rekeyVerifyRestart(): Promise<RekeyVerifyStatus> {
    return this.queue.run(() => this.rekey.verifyRestart());
  }

  rekeyCancel(): Promise<void> {
    return this.queue.run(() => this.rekey.cancel());
  }

  generateRootInit(otp?: string): Promise<GenerateRootStatus> {
    return this.queue.run(() => this.rootGeneration.init(otp));
  }

  generateRootStatus(): Promise<GenerateRootStatus> {
    return this.rootGeneration.status();
  }

  generateRootUpdate(key: Uint8Array, nonce: string): Promise<GenerateRootStatus> {
    return this.queue.run(() => this.rootGeneration.update(key, nonce));
  }

  generateRootCancel(): Promise<void> {
    return this.queue.run(() => this.rootGeneration.cancel());
  }

  private statusFor(config: SealConfig | null): SealStatus {
    const sealed = this.barrier.sealed;
    return {
      type: "shamir",
      initialized: config !== null,
      sealed,
      t: config?.secret_threshold ?? 0,
      n: config?.secret_shares ?? 0,
      progress: sealed ? (this.unsealing?.shares.size ?? 0) : 0,
      nonce: sealed ? (this.unsealing?.nonce ?? "") : "",
    };
  }
}
