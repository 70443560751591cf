/**
 * Stored password policies (`sys/password_policy/<name>` inside the barrier), parsed once and
 * cached. Backends reach generate() through BackendContext.generatePassword.
 */
import { InvalidRequestError, NotFoundError } from "../../errors.js";
import type { StorageView } from "../../logical/types.js";
import { generatePassword } from "./generate.js";
import { type PasswordPolicy, parsePasswordPolicy } from "./policy.js";

interface StoredPasswordPolicy {
  policy: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Checks a policy name (one path segment of letters, digits, `_`, `.`, `-`). */
export function assertPasswordPolicyName(name: string): void {
  if (!NAME.test(name)) {
    throw new InvalidRequestError(
      "invalid password policy name: use letters, digits, '_', '.' and '-' (at most 128 characters)",
    );
  }
}

export class PasswordPolicyStore {
  private readonly parsed = new Map<string, PasswordPolicy>();

  constructor(private readonly storage: StorageView) {}

  async names(): Promise<string[]> {
    return (await this.storage.list("")).filter((n) => !n.endsWith("/")).sort();
  }

  async read(name: string): Promise<string | null> {
    assertPasswordPolicyName(name);
    return (await this.storage.getJSON<StoredPasswordPolicy>(name))?.policy ?? null;
  }

  /** Validates (400 on a bad policy, nothing stored) and stores a policy. */
  async write(name: string, raw: string): Promise<void> {
    assertPasswordPolicyName(name);
    const policy = parsePasswordPolicy(raw);
    await this.storage.putJSON(name, { policy: raw } satisfies StoredPasswordPolicy);
    this.parsed.set(name, policy);
  }

  async delete(name: string): Promise<void> {
    assertPasswordPolicyName(name);
    await this.storage.delete(name);
    this.parsed.delete(name);
  }

  /** A new password from the named policy; NotFoundError when there is no such policy. */
  async generate(name: string): Promise<string> {
    assertPasswordPolicyName(name);
    let policy = this.parsed.get(name);
    if (!policy) {
      const raw = await this.read(name);
      if (raw === null) throw new NotFoundError(`password policy "${name}" not found`);
      policy = parsePasswordPolicy(raw);
      this.parsed.set(name, policy);
    }
    return generatePassword(policy);
  }

  /** Forgets parsed policies (seal). */
  clear(): void {
    this.parsed.clear();
  }
}
