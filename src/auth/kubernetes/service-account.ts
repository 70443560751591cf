/**
 * Who a service account token says it is, from its claims: legacy secret-based tokens carry
 * `kubernetes.io/serviceaccount/*` claims, projected (bound) tokens a `kubernetes.io` object.
 * Also the role bindings over that identity, and the TokenReview username form.
 */
import { globMatch } from "../common/glob.js";
import { LoginRefusal } from "../common/login-refusal.js";
import type { KubernetesRole } from "./role.js";

export interface ServiceAccount {
  namespace: string;
  name: string;
  uid: string;
  /** Only legacy secret-based tokens name their secret; "" otherwise. */
  secretName: string;
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");

function child(v: unknown, key: string): unknown {
  return v && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, key)
    ? (v as Record<string, unknown>)[key]
    : undefined;
}

export function serviceAccountFromClaims(claims: Record<string, unknown>): ServiceAccount {
  const projected = child(claims, "kubernetes.io");
  const sa: ServiceAccount =
    projected !== undefined
      ? {
          namespace: str(child(projected, "namespace")),
          name: str(child(child(projected, "serviceaccount"), "name")),
          uid: str(child(child(projected, "serviceaccount"), "uid")),
          secretName: str(child(child(projected, "secret"), "name")),
        }
      : {
          namespace: str(claims["kubernetes.io/serviceaccount/namespace"]),
          name: str(claims["kubernetes.io/serviceaccount/service-account.name"]),
          uid: str(claims["kubernetes.io/serviceaccount/service-account.uid"]),
          secretName: str(claims["kubernetes.io/serviceaccount/secret.name"]),
        };
  if (sa.namespace === "" || sa.name === "" || sa.uid === "") {
    throw new LoginRefusal("token does not name a service account (namespace, name and uid)");
  }
  return sa;
}

const bound = (patterns: readonly string[], value: string) =>
  patterns.some((p) => p === "*" || globMatch(p, value));

/** The role's namespace and name bindings (globs). */
export function checkBindings(role: KubernetesRole, sa: Pick<ServiceAccount, "namespace" | "name">): void {
  if (!bound(role.boundServiceAccountNamespaces, sa.namespace)) {
    throw new LoginRefusal("namespace not authorized");
  }
  if (!bound(role.boundServiceAccountNames, sa.name))
    throw new LoginRefusal("service account name not authorized");
}

/** `system:serviceaccount:<namespace>:<name>` as TokenReview reports it, or null for other users. */
export function parseServiceAccountUsername(username: string): { namespace: string; name: string } | null {
  const parts = username.split(":");
  if (parts.length !== 4 || parts[0] !== "system" || parts[1] !== "serviceaccount") return null;
  const [, , namespace = "", name = ""] = parts;
  return namespace !== "" && name !== "" ? { namespace, name } : null;
}

export function audiencesOf(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  if (typeof aud === "string") return [aud];
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}
