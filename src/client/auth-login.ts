import { readFile } from "node:fs/promises";
import { InvalidRequestError } from "../errors.js";
import type { CofreClient } from "./client.js";
import { mountPathOf } from "./sys.js";
import type { AuthInfo } from "./types.js";

/** Where Kubernetes mounts a pod's service account token. */
export const KUBERNETES_TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";

export interface AppRoleLogin {
  roleId: string;
  secretId?: string;
  /** Mount path (default `approle`). */
  mount?: string;
}

export interface KubernetesLogin {
  role: string;
  /** The service account token; read from `jwtPath` when absent. */
  jwt?: string;
  /** Default: the pod's projected token, /var/run/secrets/kubernetes.io/serviceaccount/token. */
  jwtPath?: string;
  /** Mount path (default `kubernetes`). */
  mount?: string;
}

export interface JwtLogin {
  role?: string;
  jwt: string;
  /** Mount path (default `jwt`). */
  mount?: string;
}

/**
 * Logins as plain HTTP calls to `auth/<mount>/login`. A successful login sets the client's token
 * and returns the `auth` block (token, policies, lease duration, renewable).
 */
export class AuthLoginApi {
  constructor(private readonly client: CofreClient) {}

  /** Any method's login: `POST auth/<mount>/login` with `body`. */
  async login(mount: string, body: Record<string, unknown>): Promise<AuthInfo> {
    const path = `auth/${mountPathOf(mount)}/login`;
    const res = await this.client.withToken(undefined).write(path, body);
    const auth = res?.auth;
    if (!auth?.client_token) throw new InvalidRequestError(`the server returned no token for ${path}`);
    this.client.setToken(auth.client_token);
    return auth;
  }

  approle(opts: AppRoleLogin): Promise<AuthInfo> {
    const body: Record<string, unknown> = { role_id: opts.roleId };
    if (opts.secretId !== undefined) body.secret_id = opts.secretId;
    return this.login(opts.mount ?? "approle", body);
  }

  async kubernetes(opts: KubernetesLogin): Promise<AuthInfo> {
    const jwt = opts.jwt ?? (await readTokenFile(opts.jwtPath ?? KUBERNETES_TOKEN_PATH));
    return this.login(opts.mount ?? "kubernetes", { role: opts.role, jwt });
  }

  jwt(opts: JwtLogin): Promise<AuthInfo> {
    const body: Record<string, unknown> = { jwt: opts.jwt };
    if (opts.role !== undefined) body.role = opts.role;
    return this.login(opts.mount ?? "jwt", body);
  }
}

async function readTokenFile(path: string): Promise<string> {
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "read error";
    throw new InvalidRequestError(`cannot read the service account token file ${path}: ${code}`);
  }
}
