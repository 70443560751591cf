/**
 * Passwords for database users: from the role's or the connection's password policy
 * (sys/policies/password) when one is named, else Vault's default for databases (20 characters
 * with at least one lowercase letter, uppercase letter, digit and `-`).
 */
import { randomInt } from "node:crypto";
import { CofreError, InvalidRequestError } from "../../errors.js";
import type { BackendContext } from "../../logical/types.js";

const CHARSETS = ["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", "-"];
const ALPHABET = CHARSETS.join("");
const LENGTH = 20;

function defaultPassword(): string {
  const chars = CHARSETS.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < LENGTH) chars.push(ALPHABET[randomInt(ALPHABET.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join("");
}

export type PasswordSource = Pick<BackendContext, "generatePassword">;

/** A new password from `policy` ("" = the default). A missing policy is a 400 naming it. */
export async function newPassword(ctx: PasswordSource, policy: string): Promise<string> {
  if (policy === "") return defaultPassword();
  if (!ctx.generatePassword) throw new InvalidRequestError("password policies are not available here");
  try {
    return await ctx.generatePassword(policy);
  } catch (err) {
    if (err instanceof CofreError && err.code === "not_found") {
      throw new InvalidRequestError(`password policy "${policy}" does not exist`);
    }
    throw err;
  }
}
