/**
 * Turns plain entries into one device's JSON text, doing each piece of work once: the request and
 * auth blocks (shared by a request's two lines) are hashed and serialised once, and the HMACs of a
 * caller's token and accessor are remembered by accessor (an accessor names exactly one token), so
 * a busy caller does not cost an HMAC per line. Only HMACs are remembered, never a token.
 */
import {
  type ExemptKeys,
  hashAuth,
  hashRequest,
  hashResponse,
  type Settings,
  type TokenHasher,
} from "./hash-entry.js";
import type { AuditHasher } from "./hmac.js";
import type { AuditAuth, AuditEntry, AuditRequest } from "./types.js";

const MAX_REMEMBERED = 10_000;

export class EntrySerializer {
  private readonly requests = new WeakMap<AuditRequest, string>();
  private readonly auths = new WeakMap<AuditAuth, string>();
  private readonly tokenByAccessor = new Map<string, string>();
  private readonly accessorHashes = new Map<string, string>();
  private readonly tokens: TokenHasher;

  constructor(
    private readonly hasher: AuditHasher,
    private readonly settings: Settings,
  ) {
    this.tokens = {
      token: (token, accessor) => {
        if (accessor === "") return hasher.hash(token);
        return this.remember(this.tokenByAccessor, accessor, () => hasher.hash(token));
      },
      accessor: (accessor) => this.remember(this.accessorHashes, accessor, () => hasher.hash(accessor)),
    };
  }

  /** The entry as this device writes it (without chain fields). */
  serialize(plain: AuditEntry, exempt: ExemptKeys): string {
    let out = `{"time":${JSON.stringify(plain.time)},"type":"${plain.type}"`;
    if (plain.auth) out += `,"auth":${this.authJson(plain.auth)}`;
    out += `,"request":${this.requestJson(plain.request, exempt)}`;
    if (plain.response) {
      const isList = plain.request.operation === "list";
      out += `,"response":${JSON.stringify(hashResponse(plain.response, isList, this.hasher, this.settings, exempt.response))}`;
    }
    if (plain.error !== undefined) out += `,"error":${JSON.stringify(plain.error)}`;
    return `${out}}`;
  }

  private authJson(a: AuditAuth): string {
    let json = this.auths.get(a);
    if (json === undefined) {
      json = JSON.stringify(this.settings.logRaw ? a : hashAuth(a, this.tokens, this.settings));
      this.auths.set(a, json);
    }
    return json;
  }

  private requestJson(r: AuditRequest, exempt: ExemptKeys): string {
    let json = this.requests.get(r);
    if (json === undefined) {
      json = JSON.stringify(
        this.settings.logRaw ? r : hashRequest(r, this.hasher, this.tokens, this.settings, exempt.request),
      );
      this.requests.set(r, json);
    }
    return json;
  }

  private remember(map: Map<string, string>, key: string, compute: () => string): string {
    let v = map.get(key);
    if (v === undefined) {
      if (map.size >= MAX_REMEMBERED) map.clear();
      v = compute();
      map.set(key, v);
    }
    return v;
  }
}
