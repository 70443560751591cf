/**
 * What a seal offers the core, and the shapes it returns. Status objects use Vault's JSON field
 * names so the sys backend can send them as they are.
 */
import type { ShareParams } from "./config.js";

export interface SealStatus {
  type: "shamir";
  initialized: boolean;
  sealed: boolean;
  /** Threshold. */
  t: number;
  /** Number of shares. */
  n: number;
  /** Unseal shares received so far. */
  progress: number;
  /** Nonce of the unseal attempt in progress, "" when none. */
  nonce: string;
}

export interface InitResult {
  /** The key shares (the unseal key itself when there is one share). Shown once, never stored. */
  keys: Buffer[];
}

export interface RekeyParams extends ShareParams {
  requireVerification?: boolean;
}

export interface RekeyStatus {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
  required: number;
  pgp_fingerprints: null;
  backup: false;
  verification_required: boolean;
  verification_nonce?: string;
}

export interface RekeyUpdateResult {
  nonce: string;
  complete: true;
  /** New shares, hex; returned once. */
  keys: string[];
  keys_base64: string[];
  pgp_fingerprints: null;
  backup: false;
  verification_required: boolean;
  verification_nonce?: string;
}

export interface RekeyVerifyStatus {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
}

export interface RekeyVerifyResult {
  nonce: string;
  complete: true;
}

export interface GenerateRootStatus {
  nonce: string;
  started: boolean;
  progress: number;
  required: number;
  complete: boolean;
  /** base64(token XOR otp) once complete, else "". */
  encoded_token: string;
  encoded_root_token: string;
  pgp_fingerprint: string;
  /** The OTP, only in the answer that started the attempt. */
  otp: string;
  otp_length: number;
}

/** A seal: initialises the server, unseals it from key shares, rekeys, generates root tokens. */
export interface SealManager {
  readonly type: "shamir";
  isInitialized(): Promise<boolean>;
  initialize(params: ShareParams, setup?: () => Promise<void>): Promise<InitResult>;
  status(): Promise<SealStatus>;
  submitUnsealKey(key: Uint8Array): Promise<SealStatus>;
  resetUnseal(): Promise<SealStatus>;
  seal(): Promise<void>;

  rekeyInit(params: RekeyParams): Promise<RekeyStatus>;
  rekeyStatus(): Promise<RekeyStatus>;
  rekeyUpdate(key: Uint8Array, nonce: string): Promise<RekeyStatus | RekeyUpdateResult>;
  rekeyVerify(key: Uint8Array, nonce: string): Promise<RekeyVerifyStatus | RekeyVerifyResult>;
  rekeyVerifyStatus(): Promise<RekeyVerifyStatus>;
  rekeyVerifyRestart(): Promise<RekeyVerifyStatus>;
  rekeyCancel(): Promise<void>;

  /** Starts a root generation; `otp` is a client-chosen OTP (else the server makes one). */
  generateRootInit(otp?: string): Promise<GenerateRootStatus>;
  generateRootStatus(): Promise<GenerateRootStatus>;
  generateRootUpdate(key: Uint8Array, nonce: string): Promise<GenerateRootStatus>;
  generateRootCancel(): Promise<void>;
}
