/**
 * An ACL compiled from a token's policies (vault-api-core 4.4-4.7).
 *
 * Matching: an exact rule for the path wins (for list, also the exact rule for the path without its
 * trailing "/"); otherwise the highest-priority of the longest glob and the matching `+` rules.
 * For a list of a path ending in "/", candidates come from both the path and the path without the
 * "/", and a deny at least as specific as the winner decides (so a broader grant on the parent
 * cannot be used to list a denied child). No rule, or a rule without the operation's capability
 * (or with deny), refuses; then sudo on root-protected paths, wrapping bounds and parameters.
 */
import { InvalidRequestError } from "../../errors.js";
import { ROOT_POLICY_NAME } from "./builtin.js";
import { CAPABILITY_BITS, capabilityForOperation, capabilityNames, DENY, SUDO } from "./capabilities.js";
import { checkParameters, checkWrapping } from "./constraints.js";
import { best, type Candidate, comparePriority, RuleIndex } from "./matcher.js";
import { mergePermissions, newPermissions, type Permissions } from "./permissions.js";
import { resolveTemplate } from "./template.js";
import type { AclCheckRequest, AclCheckResult, AclPolicy, IdentityTemplateInput } from "./types.js";

const PARAMETER_OPERATIONS = new Set(["read", "create", "update", "patch"]);

export interface AclCompileOptions {
  /** Identity data for `{{identity...}}` templates; without it templated stanzas are dropped. */
  templateInput?: IdentityTemplateInput;
}

function trimLeadingSlashes(path: string): string {
  let i = 0;
  while (path.charCodeAt(i) === 47) i++;
  return i === 0 ? path : path.slice(i);
}

export class ACL {
  private constructor(
    private readonly rules: RuleIndex,
    readonly isRoot: boolean,
  ) {}

  static compile(policies: readonly AclPolicy[], opts: AclCompileOptions = {}): ACL {
    if (policies.some((p) => p.name === ROOT_POLICY_NAME)) {
      if (policies.length !== 1) throw new InvalidRequestError("other policies present along with root");
      return new ACL(new RuleIndex(), true);
    }
    const index = new RuleIndex();
    for (const policy of policies) {
      for (const rule of policy.paths) {
        let pattern = rule.path;
        if (rule.templated) {
          const resolved = opts.templateInput ? resolveTemplate(pattern, opts.templateInput) : null;
          if (resolved === null) continue;
          pattern = resolved;
        }
        const existing = index.get(pattern);
        if (existing) mergePermissions(existing, rule, policy.name);
        else index.add(pattern, newPermissions(rule, policy.name));
      }
    }
    return new ACL(index, false);
  }

  /** Decides one request. */
  check(req: AclCheckRequest): AclCheckResult {
    if (this.isRoot) {
      return {
        allowed: true,
        isRoot: true,
        sudo: true,
        capabilities: ["root"],
        grantingPolicies: [ROOT_POLICY_NAME],
      };
    }
    const path = trimLeadingSlashes(req.path);
    const perms = this.resolve(path, req.operation === "list");
    const bits = perms?.bits ?? 0;
    const sudo = (bits & DENY) === 0 && (bits & SUDO) !== 0;
    const base = {
      isRoot: false,
      sudo,
      capabilities: capabilityNames(bits),
      grantingPolicies: [] as string[],
    };
    if (req.operation === "help") return { ...base, allowed: true };
    const deny = (reason: string): AclCheckResult => ({ ...base, allowed: false, reason });
    if (!perms) return deny("no policy grants access to this path");
    if (bits & DENY) return deny("an explicit deny applies to this path");
    const needed = capabilityForOperation(req.operation);
    const bit = needed ? CAPABILITY_BITS[needed] : 0;
    if (!needed || !(bits & bit)) return deny(`the "${needed ?? req.operation}" capability is not granted`);
    const granted: AclCheckResult = {
      ...base,
      allowed: true,
      grantingPolicies: [...(perms.granting.get(bit) ?? [])],
    };
    const wrapProblem = checkWrapping(perms, req.wrapTTL ?? 0);
    if (wrapProblem) return { ...granted, allowed: false, reason: wrapProblem };
    if (PARAMETER_OPERATIONS.has(req.operation)) {
      const paramProblem = checkParameters(perms, req.data ?? {});
      if (paramProblem) return { ...granted, allowed: false, reason: paramProblem };
    }
    if (req.rootProtected && !sudo)
      return { ...granted, allowed: false, reason: 'this path requires the "sudo" capability' };
    return granted;
  }

  /** Sorted capabilities on a path for sys/capabilities: `["root"]` for root, `["deny"]` for none. */
  capabilities(path: string): string[] {
    if (this.isRoot) return ["root"];
    return capabilityNames(this.resolve(trimLeadingSlashes(path), true)?.bits ?? 0);
  }

  /**
   * For sys/internal/ui/mounts/:path: true when the token has a non-deny capability on `path`
   * (a mount path such as "secret/") or on any exact, glob or `+` rule that reaches beneath it.
   */
  hasAnyAccessUnder(path: string): boolean {
    if (this.isRoot) return true;
    let base = trimLeadingSlashes(path);
    if (!base.endsWith("/")) base += "/";
    if (this.capabilities(base)[0] !== "deny") return true;
    const grants = (p: Permissions) => (p.bits & DENY) === 0 && p.bits !== 0;
    for (const [key, perms] of this.rules.exact) if (key.startsWith(base) && grants(perms)) return true;
    for (const [key, perms] of this.rules.globs) if (key.startsWith(base) && grants(perms)) return true;
    const baseParts = base.slice(0, -1).split("/");
    for (const rule of this.rules.plusRules.values()) {
      if (grants(rule.perms) && reachesUnder(rule.segments, rule.isPrefix, baseParts)) return true;
    }
    return false;
  }

  /** The permissions of the one rule that decides `path`, or undefined when none matches. */
  private resolve(path: string, isList: boolean): Permissions | undefined {
    const exact = this.rules.exact.get(path);
    if (exact) return exact;
    const trailing = isList && path.endsWith("/");
    if (trailing) {
      const trimmedExact = this.rules.exact.get(path.slice(0, -1));
      if (trimmedExact) return trimmedExact;
    }
    const cands = this.rules.candidates(path);
    if (trailing) this.rules.candidates(path.slice(0, -1), cands);
    const winner = best(cands);
    if (!winner || !trailing || winner.perms.bits & DENY) return winner?.perms;
    const denies = cands.filter((c) => c.perms.bits & DENY);
    const topDeny: Candidate | undefined = best(denies);
    if (topDeny && comparePriority(topDeny, winner, false) >= 0) return topDeny.perms;
    return winner.perms;
  }
}

/** Whether a `+` rule matches `base` itself or something beneath it. */
function reachesUnder(segments: string[], isPrefix: boolean, baseParts: string[]): boolean {
  const n = Math.min(segments.length, baseParts.length);
  for (let i = 0; i < n; i++) {
    const seg = segments[i];
    if (seg === "+" || seg === baseParts[i]) continue;
    return isPrefix && i === segments.length - 1 && baseParts[i].startsWith(seg);
  }
  // Every compared segment matched: a longer (or equal) rule reaches beneath base; a shorter one
  // only when it is a prefix rule, whose last segment then swallows the rest of the path.
  return segments.length >= baseParts.length || isPrefix;
}
