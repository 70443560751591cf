/**
 * Root token generation: a threshold of unseal key shares authorises a new root token, minted by
 * the core and handed back XORed with a one-time pad the server gave out when the attempt began.
 */
import { randomUUID } from "node:crypto";
import { InternalError, InvalidRequestError, SealedError } from "../../errors.js";
import { assertShareLength } from "./key-share.js";
import { encodeRootToken, randomBase62 } from "./otp.js";
import type { SealAccess } from "./rekey.js";
import { ShareCollector } from "./share-collector.js";
import type { GenerateRootStatus } from "./types.js";

/** Mints a new root token and returns it (an `otpLength`-character string). */
export type MintRootToken = () => Promise<string>;

interface RootGenerationAttempt {
  nonce: string;
  otp: Buffer;
  shares: ShareCollector;
}

export class RootGeneration {
  private attempt: RootGenerationAttempt | null = null;

  constructor(
    private readonly seal: SealAccess,
    private readonly mintRootToken: MintRootToken,
    private readonly otpLength: number,
  ) {}

  /**
   * Starts an attempt. Without `clientOtp` the server makes the OTP and the answer carries it
   * (never shown again); a client's own OTP (Vault's `otp` parameter) must be exactly
   * `otpLength` bytes long and is not echoed.
   */
  async init(clientOtp?: string): Promise<GenerateRootStatus> {
    if (clientOtp !== undefined && Buffer.byteLength(clientOtp, "utf8") !== this.otpLength) {
      throw new InvalidRequestError("OTP string is wrong length");
    }
    this.requireUnsealed();
    if (this.attempt) throw new InvalidRequestError("root generation already in progress");
    const otp = clientOtp ?? randomBase62(this.otpLength);
    this.attempt = { nonce: randomUUID(), otp: Buffer.from(otp, "utf8"), shares: new ShareCollector() };
    return { ...(await this.status()), otp: clientOtp === undefined ? otp : "" };
  }

  async status(): Promise<GenerateRootStatus> {
    this.requireUnsealed();
    const config = await this.seal.store.requireConfig();
    const a = this.attempt;
    return {
      nonce: a?.nonce ?? "",
      started: a !== null,
      progress: a?.shares.size ?? 0,
      required: config.secret_threshold,
      complete: false,
      encoded_token: "",
      encoded_root_token: "",
      pgp_fingerprint: "",
      otp: "",
      otp_length: this.otpLength,
    };
  }

  async update(key: Uint8Array, nonce: string): Promise<GenerateRootStatus> {
    this.requireUnsealed();
    const a = this.attempt;
    if (!a) throw new InvalidRequestError("no root generation in progress");
    if (nonce !== a.nonce) {
      throw new InvalidRequestError(
        `incorrect nonce supplied; nonce for this root generation operation is "${a.nonce}"`,
      );
    }
    const config = await this.seal.store.requireConfig();
    assertShareLength(key, config);
    if (a.shares.has(key)) {
      throw new InvalidRequestError("given key has already been provided during this generation operation");
    }
    a.shares.add(key);
    const progress = a.shares.size;
    const result = (encoded: string): GenerateRootStatus => ({
      nonce: a.nonce,
      started: true,
      progress,
      required: config.secret_threshold,
      complete: encoded !== "",
      encoded_token: encoded,
      encoded_root_token: encoded,
      pgp_fingerprint: "",
      otp: "",
      otp_length: 0,
    });
    if (progress < config.secret_threshold) return result("");

    const unsealKey = await a.shares.combine(config.secret_shares);
    const opened = unsealKey ? await this.seal.store.openRootKey(unsealKey) : null;
    unsealKey?.fill(0);
    if (!opened) {
      throw new InvalidRequestError(
        "root generation aborted: the key shares do not reconstruct the unseal key; progress was reset",
      );
    }
    opened.rootKey.fill(0);
    this.requireUnsealed();
    if (this.attempt !== a) throw new InvalidRequestError("the root generation was cancelled");
    const token = await this.mintRootToken();
    if (this.attempt !== a) throw new InternalError("the root generation was cancelled while minting");
    const encoded = encodeRootToken(token, a.otp);
    this.clear();
    return result(encoded);
  }

  cancel(): void {
    this.requireUnsealed();
    this.clear();
  }

  /** Forgets the attempt, its shares and its OTP (also on seal). */
  clear(): void {
    const a = this.attempt;
    this.attempt = null;
    if (!a) return;
    a.shares.clear();
    a.otp.fill(0);
  }

  private requireUnsealed(): void {
    if (this.seal.isSealed()) throw new SealedError();
  }
}
