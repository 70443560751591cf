/**
 * The security barrier and its seal, wired together. `barrier` is the SecureStorage the core
 * builds storage views on; `seal` initialises, unseals, seals, rekeys and generates root tokens.
 */
import type { PhysicalStorage } from "../storage/types.js";
import type { Clock } from "../util/clock.js";
import { AesGcmBarrier } from "./aes-gcm-barrier.js";
import type { MintRootToken } from "./seal/generate-root.js";
import { ShamirSeal } from "./seal/shamir.js";
import type { SealManager } from "./seal/types.js";

export { AesGcmBarrier, type KeyStatus } from "./aes-gcm-barrier.js";
export type { SealConfig, ShareParams } from "./seal/config.js";
export type { MintRootToken } from "./seal/generate-root.js";
export { decodeKeyShare } from "./seal/key-share.js";
export { DEFAULT_OTP_LENGTH, decodeRootToken } from "./seal/otp.js";
export { ShamirSeal, type ShamirSealDeps } from "./seal/shamir.js";
export type * from "./seal/types.js";

export interface BarrierDeps {
  physical: PhysicalStorage;
  /** Mints a root token for generate-root (an `otpLength`-character string, `hvs.` + 24 by default). */
  mintRootToken: MintRootToken;
  otpLength?: number;
  clock?: Clock;
}

export interface Barrier {
  barrier: AesGcmBarrier;
  seal: SealManager;
}

/** Builds a sealed barrier over `physical` and the Shamir seal that opens it. */
export function createBarrier(deps: BarrierDeps): Barrier {
  const barrier = new AesGcmBarrier(deps.physical, deps.clock);
  const seal = new ShamirSeal({ ...deps, barrier });
  return { barrier, seal };
}
