import { InvalidRequestError } from "../errors.js";
import type { CofreClient } from "./client.js";
import { addPrefixToKvPath, ensureTrailingSlash, joinPath, sanitizePath } from "./kv-paths.js";
import type { JsonObject, KvKeyMetadata, KvMetadataWrite, KvV2ReadData, SecretResponse } from "./types.js";

export type KvVersion = 1 | 2;

/** Where a KV path lives: its mount and the engine version. */
export interface KvMount {
  /** Mount path with a trailing slash (`secret/`); `""` when the server did not say. */
  mountPath: string;
  version: KvVersion;
}

/** A user path resolved to the API path of one KV operation. */
export interface KvTarget extends KvMount {
  apiPath: string;
}

export interface KvPathOptions {
  /** Mount given separately (`-mount`): the path is then relative to it. */
  mount?: string;
}

/**
 * KV v1/v2 helpers. The engine version is detected the way the Vault CLI does it, with
 * `GET sys/internal/ui/mounts/<path>`: a 404 means version 1; otherwise `data.path` is the mount and
 * `data.options.version` `"2"` means version 2 (absent, `""` or `"1"` means version 1).
 */
export class KvApi {
  constructor(private readonly client: CofreClient) {}

  async detect(path: string): Promise<KvMount> {
    const info = await this.client.sys.mountForPath(sanitizePath(path));
    if (!info) return { mountPath: "", version: 1 };
    const version = info.options?.version === "2" ? 2 : 1;
    return { mountPath: typeof info.path === "string" ? ensureTrailingSlash(info.path) : "", version };
  }

  /** Resolves a user path for an operation whose v2 API prefix is `apiPrefix` (`data`, `metadata`, ...). */
  async resolve(path: string, apiPrefix: string, opts: KvPathOptions = {}): Promise<KvTarget> {
    if (opts.mount !== undefined) {
      const mount = sanitizePath(opts.mount);
      const { version } = await this.detect(mount);
      const rel = sanitizePath(path);
      const apiPath = version === 2 ? joinPath(mount, apiPrefix, rel) : joinPath(mount, rel);
      return { mountPath: ensureTrailingSlash(mount), version, apiPath };
    }
    const clean = sanitizePath(path);
    const mount = await this.detect(clean);
    const apiPath = mount.version === 2 ? addPrefixToKvPath(clean, mount.mountPath, apiPrefix) : clean;
    return { ...mount, apiPath };
  }

  /** Reads a secret (v2: `version` 0 or absent = current). `secret` is null when nothing is there. */
  async get(path: string, opts: KvPathOptions & { version?: number } = {}) {
    const target = await this.resolve(path, "data", opts);
    const query = target.version === 2 && opts.version ? { version: String(opts.version) } : undefined;
    const secret = await this.client.read(target.apiPath, query);
    return { target, secret };
  }

  /** Writes a secret: v2 `{data, options: {cas}}`, v1 the data itself. */
  async put(path: string, data: JsonObject, opts: KvPathOptions & { cas?: number } = {}) {
    const target = await this.resolve(path, "data", opts);
    const body =
      target.version === 2
        ? { data, options: opts.cas !== undefined && opts.cas >= 0 ? { cas: opts.cas } : {} }
        : data;
    const secret = await this.client.write(target.apiPath, body);
    return { target, secret };
  }

  /** v2 JSON merge patch of the current version (throws ApiError 405 when the server lacks PATCH). */
  async patch(target: KvTarget, data: JsonObject, cas?: number): Promise<SecretResponse | null> {
    const options = cas !== undefined && cas >= 0 ? { cas } : {};
    return this.client.patch(target.apiPath, { data, options });
  }

  async list(path: string, opts: KvPathOptions = {}) {
    const target = await this.resolve(path, "metadata", opts);
    const secret = await this.client.list(ensureTrailingSlash(target.apiPath));
    return { target, secret };
  }

  /** Deletes the current version, or (v2) the given versions. */
  async delete(path: string, opts: KvPathOptions & { versions?: number[] } = {}) {
    const versions = opts.versions ?? [];
    const target = await this.resolve(path, versions.length > 0 ? "delete" : "data", opts);
    if (target.version === 2 && versions.length > 0) {
      return { target, secret: await this.client.write(target.apiPath, { versions }) };
    }
    return { target, secret: await this.client.delete(target.apiPath) };
  }

  async undelete(path: string, versions: number[], opts: KvPathOptions = {}) {
    return this.versionsOp("undelete", path, versions, opts);
  }

  async destroy(path: string, versions: number[], opts: KvPathOptions = {}) {
    return this.versionsOp("destroy", path, versions, opts);
  }

  async readMetadata(path: string, opts: KvPathOptions = {}) {
    const target = await this.resolve(path, "metadata", opts);
    return { target, secret: await this.client.read<KvKeyMetadata>(target.apiPath) };
  }

  async writeMetadata(path: string, meta: KvMetadataWrite, opts: KvPathOptions = {}) {
    const target = await this.resolve(path, "metadata", opts);
    return { target, secret: await this.client.write(target.apiPath, meta) };
  }

  async patchMetadata(path: string, meta: KvMetadataWrite, opts: KvPathOptions = {}) {
    const target = await this.resolve(path, "metadata", opts);
    return { target, secret: await this.client.patch(target.apiPath, meta) };
  }

  async deleteMetadata(path: string, opts: KvPathOptions = {}) {
    const target = await this.resolve(path, "metadata", opts);
    return { target, secret: await this.client.delete(target.apiPath) };
  }

  /** Reads one version of a v2 secret at an already-resolved `data/` path. */
  async readVersion(target: KvTarget, version?: number): Promise<SecretResponse<KvV2ReadData> | null> {
    return this.client.read<KvV2ReadData>(target.apiPath, version ? { version: String(version) } : undefined);
  }

  private async versionsOp(
    op: "undelete" | "destroy",
    path: string,
    versions: number[],
    opts: KvPathOptions,
  ) {
    const target = await this.resolve(path, op, opts);
    if (target.version !== 2) {
      const name = op === "undelete" ? "Undelete" : "Destroy";
      throw new InvalidRequestError(`${name} not supported on KV Version 1`);
    }
    return { target, secret: await this.client.write(target.apiPath, { versions }) };
  }
}
