export { acceptedResponse, TIDY_STARTED_WARNING } from "./accepted.js";
export { KeyedLock } from "./keyed-lock.js";
export { ExpirationManager, type RevokeOutcome } from "./manager.js";
export { LEASE_SUDO_PATHS, leasePaths } from "./paths.js";
export { randomBase62 } from "./random-id.js";
export type { TickResult } from "./revoker.js";
export { formatTime, secondsLeft } from "./time.js";
export { calculateTTL, type MountTTLs, type TTLInput } from "./ttl.js";
export type * from "./types.js";
