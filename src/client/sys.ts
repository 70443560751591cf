import type { CofreClient } from "./client.js";
import { ApiError } from "./errors.js";
import type {
  EnableMountRequest,
  HealthStatus,
  InitRequest,
  InitResponse,
  JsonObject,
  KeyStatus,
  LeaderStatus,
  MountInfo,
  SealStatus,
  SecretResponse,
  TuneMountRequest,
} from "./types.js";

/** Trims slashes so `secret`, `/secret/` and `secret/` name the same mount. */
export function mountPathOf(path: string): string {
  return path.replace(/^\/+|\/+$/g, "");
}

function dataOf<T>(res: SecretResponse<T> | null, what: string): T {
  if (!res || res.data === null || typeof res.data !== "object") {
    throw new TypeError(`the server returned no data for ${what}`);
  }
  return res.data;
}

/** `sys/` endpoints. */
export class SysApi {
  constructor(private readonly client: CofreClient) {}

  /** `GET sys/health` with every status code mapped to 299 (as Vault's Go SDK does), so the body is always read. */
  async health(): Promise<HealthStatus> {
    const codes = [
      "uninitcode",
      "sealedcode",
      "standbycode",
      "performancestandbycode",
      "drsecondarycode",
      "haunhealthycode",
      "removedcode",
    ];
    const query = Object.fromEntries(codes.map((c) => [c, "299"]));
    const res = await this.client.request<HealthStatus>("GET", "sys/health", { query });
    return res.body as HealthStatus;
  }

  async sealStatus(): Promise<SealStatus> {
    return (await this.client.request<SealStatus>("GET", "sys/seal-status")).body as SealStatus;
  }

  async leader(): Promise<LeaderStatus> {
    return (await this.client.request<LeaderStatus>("GET", "sys/leader")).body as LeaderStatus;
  }

  async initStatus(): Promise<boolean> {
    const res = await this.client.request<{ initialized: boolean }>("GET", "sys/init");
    return res.body?.initialized === true;
  }

  async init(req: InitRequest): Promise<InitResponse> {
    return (await this.client.request<InitResponse>("PUT", "sys/init", { body: req })).body as InitResponse;
  }

  /** Submits one unseal key share. */
  async unseal(key: string): Promise<SealStatus> {
    return (await this.client.request<SealStatus>("PUT", "sys/unseal", { body: { key } })).body as SealStatus;
  }

  /** Discards the key shares submitted so far. */
  async unsealReset(): Promise<SealStatus> {
    return (await this.client.request<SealStatus>("PUT", "sys/unseal", { body: { reset: true } }))
      .body as SealStatus;
  }

  async seal(): Promise<void> {
    await this.client.request("PUT", "sys/seal");
  }

  async rotate(): Promise<void> {
    await this.client.request("PUT", "sys/rotate");
  }

  async keyStatus(): Promise<KeyStatus> {
    return dataOf(await this.client.read<KeyStatus>("sys/key-status"), "sys/key-status");
  }

  /** Secrets engines, keyed by path with a trailing slash. */
  async listMounts(): Promise<Record<string, MountInfo>> {
    return dataOf(await this.client.read<Record<string, MountInfo>>("sys/mounts"), "sys/mounts");
  }

  async enableMount(path: string, req: EnableMountRequest): Promise<void> {
    await this.client.write(`sys/mounts/${mountPathOf(path)}`, req);
  }

  async disableMount(path: string): Promise<void> {
    await this.client.delete(`sys/mounts/${mountPathOf(path)}`);
  }

  async readMountTune(path: string): Promise<JsonObject> {
    return dataOf(await this.client.read(`sys/mounts/${mountPathOf(path)}/tune`), "the mount's tuning");
  }

  async tuneMount(path: string, req: TuneMountRequest): Promise<void> {
    await this.client.write(`sys/mounts/${mountPathOf(path)}/tune`, req);
  }

  /** Auth methods, keyed by path with a trailing slash. */
  async listAuth(): Promise<Record<string, MountInfo>> {
    return dataOf(await this.client.read<Record<string, MountInfo>>("sys/auth"), "sys/auth");
  }

  async enableAuth(path: string, req: EnableMountRequest): Promise<void> {
    await this.client.write(`sys/auth/${mountPathOf(path)}`, req);
  }

  async disableAuth(path: string): Promise<void> {
    await this.client.delete(`sys/auth/${mountPathOf(path)}`);
  }

  /** ACL policy names (`root` included, as the server lists it). */
  async listPolicies(): Promise<string[]> {
    const res = await this.client.list("sys/policies/acl");
    return res?.data?.keys ?? [];
  }

  /** The policy's text, or `null` when there is no such policy. */
  async readPolicy(name: string): Promise<string | null> {
    const res = await this.client.read<{ name: string; policy: string }>(`sys/policies/acl/${name}`);
    return res?.data ? (res.data.policy ?? "") : null;
  }

  async writePolicy(name: string, policy: string): Promise<void> {
    await this.client.write(`sys/policies/acl/${name}`, { policy });
  }

  async deletePolicy(name: string): Promise<void> {
    await this.client.delete(`sys/policies/acl/${name}`);
  }

  /** Capabilities of `token` on `path` (sorted, as the server reports them). */
  async capabilities(token: string, path: string): Promise<string[]> {
    const res = await this.client.write<Record<string, string[]>>("sys/capabilities", {
      token,
      paths: [path],
    });
    return pickCapabilities(res, path);
  }

  async capabilitiesSelf(path: string): Promise<string[]> {
    const res = await this.client.write<Record<string, string[]>>("sys/capabilities-self", { paths: [path] });
    return pickCapabilities(res, path);
  }

  async capabilitiesAccessor(accessor: string, path: string): Promise<string[]> {
    const res = await this.client.write<Record<string, string[]>>("sys/capabilities-accessor", {
      accessor,
      paths: [path],
    });
    return pickCapabilities(res, path);
  }

  /**
   * The mount holding `path` (`GET sys/internal/ui/mounts/:path`), with `path` set to the mount's
   * path; `null` when the server has no such endpoint or mount (404).
   */
  async mountForPath(path: string): Promise<(MountInfo & { path: string }) | null> {
    try {
      const res = await this.client.request<SecretResponse<MountInfo & { path: string }>>(
        "GET",
        `sys/internal/ui/mounts/${path.replace(/^\/+/, "")}`,
        { wrapTTL: "" }, // a lookup for the caller's own use is never wrapped
      );
      return res.body?.data ?? null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  }
}

function pickCapabilities(res: SecretResponse<Record<string, string[]>> | null, path: string): string[] {
  const data = res?.data ?? {};
  const caps = data[path] ?? data.capabilities;
  return Array.isArray(caps) ? caps : [];
}
