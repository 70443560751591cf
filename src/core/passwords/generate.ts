/** Passwords from a password policy, with the OS's CSPRNG and unbiased choices. */
import { randomInt } from "node:crypto";
import type { PasswordPolicy } from "./policy.js";

function pick(chars: readonly string[]): string {
  return chars[randomInt(chars.length)] as string;
}

/**
 * A password of exactly `policy.length` characters meeting every rule: each rule's `min-chars`
 * characters are drawn from its charset, the rest from the union of all charsets, and the result
 * is shuffled (Fisher-Yates), so no position reveals which rule filled it.
 */
export function generatePassword(policy: PasswordPolicy): string {
  const out: string[] = [];
  for (const rule of policy.rules) for (let i = 0; i < rule.minChars; i++) out.push(pick(rule.chars));
  while (out.length < policy.length) out.push(pick(policy.alphabet));
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out.join("");
}
