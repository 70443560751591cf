/** Shared set-up for the barrier tests: a fresh store, barrier and Shamir seal. */
import { type AesGcmBarrier, createBarrier, type SealManager } from "../../src/barrier/index.js";
import { MemoryStorage } from "../../src/storage/memory.js";
import { ManualClock } from "../../src/util/clock.js";

export interface Fixture {
  physical: MemoryStorage;
  barrier: AesGcmBarrier;
  seal: SealManager;
  clock: ManualClock;
  mintedTokens: string[];
}

let counter = 0;

/** A root token of the production shape: `hvs.` + 24 base62 characters. */
function fakeRootToken(): string {
  counter += 1;
  return `hvs.${String(counter).padStart(24, "x")}`;
}

export function makeFixture(physical = new MemoryStorage()): Fixture {
  const clock = new ManualClock();
  const mintedTokens: string[] = [];
  const mintRootToken = async () => {
    const token = fakeRootToken();
    mintedTokens.push(token);
    return token;
  };
  const { barrier, seal } = createBarrier({ physical, clock, mintRootToken });
  return { physical, barrier, seal, clock, mintedTokens };
}

/** Initialises with `shares`/`threshold` and unseals with the first `threshold` shares. */
export async function initAndUnseal(f: Fixture, shares = 5, threshold = 3): Promise<Buffer[]> {
  const { keys } = await f.seal.initialize({ secretShares: shares, secretThreshold: threshold });
  for (const k of keys.slice(0, threshold)) await f.seal.submitUnsealKey(k);
  return keys;
}

/**
 * Live references to the key material the barrier holds (root key, every keyring key), read from
 * its private fields: the tests check they are zeroed on seal.
 */
export function heldKeyMaterial(barrier: AesGcmBarrier): Buffer[] {
  const state = (barrier as unknown as { state: { rootKey: Buffer; keyring: unknown } | null }).state;
  if (!state) return [];
  const terms = (state.keyring as { terms: Map<number, { key: Buffer }> }).terms;
  return [state.rootKey, ...[...terms.values()].map((t) => t.key)];
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const str = (b: Uint8Array): string => new TextDecoder().decode(b);
