/** Capability names, their bits, and which capability each operation needs. */
import type { Operation } from "../../logical/types.js";
import type { Capability } from "./types.js";

export const CAPABILITY_BITS: Readonly<Record<Capability, number>> = {
  deny: 1,
  create: 2,
  read: 4,
  update: 8,
  delete: 16,
  list: 32,
  sudo: 64,
  patch: 128,
  subscribe: 256,
  recover: 512,
};

export const DENY = CAPABILITY_BITS.deny;
export const SUDO = CAPABILITY_BITS.sudo;

export function isCapability(name: unknown): name is Capability {
  return typeof name === "string" && Object.hasOwn(CAPABILITY_BITS, name);
}

/** Legacy `policy = "..."` values and the capabilities they stand for. */
export const LEGACY_POLICY: Readonly<Record<string, readonly Capability[]>> = {
  deny: ["deny"],
  read: ["read", "list"],
  write: ["create", "read", "update", "delete", "list"],
  sudo: ["create", "read", "update", "delete", "list", "sudo"],
};

/**
 * The capability an operation needs. `help` needs none (Vault always allows help, even on
 * sudo paths); `header` (HEAD) is a read; renew/revoke/rollback are updates.
 */
export function capabilityForOperation(op: Operation): Capability | null {
  switch (op) {
    case "create":
    case "read":
    case "update":
    case "patch":
    case "delete":
    case "list":
      return op;
    case "header":
      return "read";
    case "renew":
    case "revoke":
    case "rollback":
      return "update";
    case "help":
      return null;
  }
}

const NAMES_BY_BITS = new Map<number, readonly Capability[]>();

/** Bits to sorted names (a fresh array); deny, or nothing at all, is `["deny"]`. */
export function capabilityNames(bits: number): Capability[] {
  let names = NAMES_BY_BITS.get(bits);
  if (!names) {
    const out: Capability[] = [];
    if (bits & DENY || bits === 0) out.push("deny");
    else {
      for (const [name, bit] of Object.entries(CAPABILITY_BITS) as [Capability, number][]) {
        if (bits & bit) out.push(name);
      }
      out.sort();
    }
    names = out;
    NAMES_BY_BITS.set(bits, names);
  }
  return [...names];
}

export function capabilityBits(names: readonly Capability[]): number {
  let bits = 0;
  for (const n of names) bits |= CAPABILITY_BITS[n];
  return bits & DENY ? DENY : bits;
}
