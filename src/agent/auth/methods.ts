/**
 * Auto-auth login methods, as Vault Agent's: each reads its credential from a file at every login
 * (so a rotated file is picked up) and logs in through the SDK's plain `auth/<mount>/login` calls.
 * AppRole's secret ID and the JWT file are removed after reading by default; the value read is kept
 * in memory for the next login. Errors name files and methods, never their contents.
 */
import { readFile, unlink } from "node:fs/promises";
import { AuthLoginApi } from "../../client/auth-login.js";
import type { CofreClient } from "../../client/client.js";
import { InvalidRequestError } from "../../errors.js";
import type { AutoAuthSettings } from "../config/types.js";

/** A token the agent holds: what renewal needs, never logged. */
export interface TokenGrant {
  token: string;
  accessor: string;
  /** Seconds; 0 for a token that does not expire. */
  ttl: number;
  renewable: boolean;
}

export interface LoginMethod {
  readonly type: string;
  login(client: CofreClient): Promise<TokenGrant>;
}

async function readCredential(path: string, what: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, "utf8")).trim();
    if (text === "") throw new InvalidRequestError(`the ${what} file ${path} is empty`);
    return text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if (err instanceof InvalidRequestError) throw err;
    throw new InvalidRequestError(
      `cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
}

/** Reads a file; once read, the value is cached (and the file optionally removed). */
class CachedFile {
  private cached?: string;
  constructor(
    private readonly path: string,
    private readonly what: string,
    private readonly removeAfterReading: boolean,
  ) {}

  async get(): Promise<string> {
    const fresh = await readCredential(this.path, this.what);
    if (fresh !== undefined) {
      this.cached = fresh;
      if (this.removeAfterReading) await unlink(this.path).catch(() => {});
    }
    if (this.cached === undefined)
      throw new InvalidRequestError(`the ${this.what} file ${this.path} does not exist`);
    return this.cached;
  }
}

function grantOf(auth: {
  client_token: string;
  accessor: string;
  lease_duration: number;
  renewable: boolean;
}): TokenGrant {
  return {
    token: auth.client_token,
    accessor: auth.accessor,
    ttl: auth.lease_duration,
    renewable: auth.renewable,
  };
}

export function createLoginMethod(settings: AutoAuthSettings["method"]): LoginMethod {
  const mount = settings.mount;
  switch (settings.type) {
    case "token_file": {
      const file = new CachedFile(settings.tokenFilePath, "token", false);
      return {
        type: settings.type,
        async login(client) {
          const token = await file.get();
          const self = await client.withToken(token).tokens.lookupSelf();
          const data = self.data as unknown as { accessor?: string; ttl?: number; renewable?: boolean };
          client.setToken(token);
          return {
            token,
            accessor: data.accessor ?? "",
            ttl: data.ttl ?? 0,
            renewable: data.renewable ?? false,
          };
        },
      };
    }
    case "approle": {
      const roleId = new CachedFile(settings.roleIdFilePath, "role ID", false);
      const secretId = settings.secretIdFilePath
        ? new CachedFile(settings.secretIdFilePath, "secret ID", settings.removeSecretIdFileAfterReading)
        : undefined;
      return {
        type: settings.type,
        async login(client) {
          const auth = await new AuthLoginApi(client).approle({
            roleId: await roleId.get(),
            ...(secretId ? { secretId: await secretId.get() } : {}),
            mount,
          });
          return grantOf(auth);
        },
      };
    }
    case "kubernetes":
      return {
        type: settings.type,
        async login(client) {
          const jwt = await readCredential(settings.tokenPath, "service account token");
          if (jwt === undefined)
            throw new InvalidRequestError(
              `the service account token file ${settings.tokenPath} does not exist`,
            );
          return grantOf(await new AuthLoginApi(client).kubernetes({ role: settings.role, jwt, mount }));
        },
      };
    case "jwt": {
      const file = new CachedFile(settings.path, "JWT", settings.removeJwtAfterReading);
      return {
        type: settings.type,
        async login(client) {
          return grantOf(
            await new AuthLoginApi(client).jwt({ role: settings.role, jwt: await file.get(), mount }),
          );
        },
      };
    }
  }
}
