import type { CofreClient } from "./client.js";
import type { SecretResponse, TokenCreateRequest, TokenLookupData } from "./types.js";

export interface TokenCreateOptions {
  /** Create through `auth/token/create-orphan` (the token has no parent). */
  orphan?: boolean;
  /** Create through `auth/token/create/:role`. */
  role?: string;
  /** Wrap the response (`X-Vault-Wrap-TTL`). */
  wrapTTL?: string | number;
}

function required<T>(res: SecretResponse<T> | null, what: string): SecretResponse<T> {
  if (!res) throw new TypeError(`the server returned no response for ${what}`);
  return res;
}

/** `auth/token/` endpoints. */
export class TokenApi {
  constructor(private readonly client: CofreClient) {}

  async create(req: TokenCreateRequest, opts: TokenCreateOptions = {}): Promise<SecretResponse> {
    const path = opts.role
      ? `auth/token/create/${opts.role}`
      : opts.orphan
        ? "auth/token/create-orphan"
        : "auth/token/create";
    return required(await this.client.write(path, req, { wrapTTL: opts.wrapTTL }), path);
  }

  async lookupSelf(): Promise<SecretResponse<TokenLookupData>> {
    return required(await this.client.read<TokenLookupData>("auth/token/lookup-self"), "lookup-self");
  }

  async lookup(token: string): Promise<SecretResponse<TokenLookupData>> {
    return required(await this.client.write<TokenLookupData>("auth/token/lookup", { token }), "lookup");
  }

  async lookupAccessor(accessor: string): Promise<SecretResponse<TokenLookupData>> {
    const res = await this.client.write<TokenLookupData>("auth/token/lookup-accessor", { accessor });
    return required(res, "lookup-accessor");
  }

  async renewSelf(increment?: string): Promise<SecretResponse> {
    return required(await this.client.write("auth/token/renew-self", { increment }), "renew-self");
  }

  async renew(token: string, increment?: string): Promise<SecretResponse> {
    return required(await this.client.write("auth/token/renew", { token, increment }), "renew");
  }

  async renewAccessor(accessor: string, increment?: string): Promise<SecretResponse> {
    const res = await this.client.write("auth/token/renew-accessor", { accessor, increment });
    return required(res, "renew-accessor");
  }

  async revokeSelf(): Promise<void> {
    await this.client.write("auth/token/revoke-self", {});
  }

  async revoke(token: string): Promise<void> {
    await this.client.write("auth/token/revoke", { token });
  }

  async revokeAccessor(accessor: string): Promise<void> {
    await this.client.write("auth/token/revoke-accessor", { accessor });
  }

  /** Revokes the token but leaves its children alive (as orphans). */
  async revokeOrphan(token: string): Promise<void> {
    await this.client.write("auth/token/revoke-orphan", { token });
  }
}
