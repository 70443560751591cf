/**
 * Stored ACL policies (sys/policy, sys/policies/acl) and the compiled-ACL cache, keyed by the
 * sorted policy list of a token; a set holding `{{identity...}}` templates is compiled once more
 * per entity and identity generation (an identity write makes those stale).
 */
import { InvalidRequestError } from "../errors.js";
import type { StorageView } from "../logical/types.js";
import { ACL } from "./policy/acl.js";
import { DEFAULT_POLICY, RESPONSE_WRAPPING_POLICY } from "./policy/builtin.js";
import { parsePolicy } from "./policy/parse.js";
import type { AclPolicy, IdentityTemplateInput } from "./policy/types.js";

interface StoredPolicy {
  name: string;
  raw: string;
}

/** The identity a templated ACL is rendered for. */
export interface AclIdentity {
  entityId: string;
  /** The identity generation the template data was read under. */
  generation: number;
  template: IdentityTemplateInput;
}

interface CompiledSet {
  acl: ACL;
  policies: AclPolicy[];
  templated: boolean;
}

const MAX_CACHED = 1000;

export class PolicyStore {
  private readonly cache = new Map<string, CompiledSet>();
  /** Templated sets rendered for one entity, keyed by set, entity id and identity generation. */
  private readonly rendered = new Map<string, ACL>();
  private readonly parsed = new Map<string, AclPolicy | null>();

  constructor(private readonly storage: StorageView) {}

  /** Creates the `default` policy on first unseal if absent; never overwrites it. */
  async setup(): Promise<void> {
    if (!(await this.storage.get("default"))) await this.write("default", DEFAULT_POLICY);
  }

  async names(): Promise<string[]> {
    return (await this.storage.list("")).filter((n) => !n.endsWith("/")).sort();
  }

  async read(name: string): Promise<StoredPolicy | null> {
    return this.storage.getJSON<StoredPolicy>(name);
  }

  async exists(name: string): Promise<boolean> {
    return name === "root" || (await this.storage.get(name)) !== null;
  }

  /** Parses (throwing a 400 on bad text) and stores a policy. */
  async write(name: string, raw: string): Promise<void> {
    if (name === "root") throw new InvalidRequestError('cannot update "root" policy');
    if (name === "response-wrapping")
      throw new InvalidRequestError('cannot update "response-wrapping" policy');
    parsePolicy(name, raw);
    await this.storage.putJSON(name, { name, raw } satisfies StoredPolicy);
    this.invalidate();
  }

  async delete(name: string): Promise<void> {
    if (name === "root") throw new InvalidRequestError('cannot delete "root" policy');
    if (name === "default") throw new InvalidRequestError("cannot delete default policy");
    if (name === "response-wrapping")
      throw new InvalidRequestError('cannot delete "response-wrapping" policy');
    await this.storage.delete(name);
    this.invalidate();
  }

  /**
   * The compiled ACL for a set of policy names (unknown names contribute nothing). Templated
   * stanzas are rendered for `identity`; without one they grant nothing.
   */
  async acl(names: readonly string[], identity?: AclIdentity | null): Promise<ACL> {
    const key = [...new Set(names)].sort().join("\n");
    let set = this.cache.get(key);
    if (!set) {
      const policies: AclPolicy[] = [];
      for (const name of new Set(names)) {
        const p = await this.load(name);
        if (p) policies.push(p);
      }
      set = { acl: ACL.compile(policies), policies, templated: policies.some((p) => p.templated) };
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(key, set);
    }
    if (!set.templated || !identity) return set.acl;
    const renderedKey = `${key}\u0000${identity.entityId}\u0000${identity.generation}`;
    const hit = this.rendered.get(renderedKey);
    if (hit) return hit;
    const acl = ACL.compile(set.policies, { templateInput: identity.template });
    if (this.rendered.size >= MAX_CACHED) this.rendered.clear();
    this.rendered.set(renderedKey, acl);
    return acl;
  }

  private async load(name: string): Promise<AclPolicy | null> {
    if (this.parsed.has(name)) return this.parsed.get(name) ?? null;
    let policy: AclPolicy | null = null;
    if (name === "root") policy = parsePolicy("root", "");
    else if (name === "response-wrapping") policy = parsePolicy(name, RESPONSE_WRAPPING_POLICY);
    else {
      const stored = await this.read(name);
      policy = stored ? parsePolicy(name, stored.raw) : null;
    }
    this.parsed.set(name, policy);
    return policy;
  }

  private invalidate(): void {
    this.cache.clear();
    this.rendered.clear();
    this.parsed.clear();
  }
}
