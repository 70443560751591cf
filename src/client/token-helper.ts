import { randomBytes } from "node:crypto";
import { chmod, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The file `cofre login` stores the token in, under the user's home directory. */
export const TOKEN_FILE = ".cofre-token";
/** Read when ours is absent, so a token stored by `vault login` keeps working. */
export const VAULT_TOKEN_FILE = ".vault-token";

async function readTrimmed(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, "utf8")).trim();
    return text === "" ? undefined : text;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * Keeps the CLI's token in `~/.cofre-token` (mode 0600), like Vault's default token helper keeps
 * `~/.vault-token`.
 */
export class TokenHelper {
  constructor(private readonly homeDir: string) {}

  get path(): string {
    return join(this.homeDir, TOKEN_FILE);
  }

  /** The stored token: ours, else Vault's; `undefined` when neither file holds one. */
  async get(): Promise<string | undefined> {
    return (await readTrimmed(this.path)) ?? (await readTrimmed(join(this.homeDir, VAULT_TOKEN_FILE)));
  }

  /** Stores the token atomically, readable by its owner only. */
  async store(token: string): Promise<void> {
    const tmp = `${this.path}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, token, { mode: 0o600, flag: "wx" });
      await chmod(tmp, 0o600);
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Removes our file (Vault's is left alone). */
  async erase(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
