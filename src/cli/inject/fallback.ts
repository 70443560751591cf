/**
 * The opt-in encrypted fallback file of `cofre run`: the environment it injected last time,
 * AES-256-GCM encrypted under a key derived with scrypt (N=2^15, r=8, p=1, random salt) from a
 * passphrase or a key file. Everything but the KDF parameters is inside the ciphertext, including
 * the time it was written and the sources it came from; the header is authenticated as AAD.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto";
import { chmod, readFile, rename, rm, writeFile } from "node:fs/promises";
import type { Clock } from "../../util/clock.js";
import { CommandFailure, EXIT_LOCAL, EXIT_REMOTE, UsageError } from "../errors.js";

const FORMAT = "cofre-fallback-v1";
const KDF = { name: "scrypt", N: 2 ** 15, r: 8, p: 1 } as const;

interface Header {
  format: typeof FORMAT;
  kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
}

interface FileBody extends Header {
  nonce: string;
  ciphertext: string;
}

export interface FallbackContents {
  /** Milliseconds since the epoch. */
  writtenAt: number;
  /** The plan's sources (see describePlan): a file for other paths is refused. */
  sources: string[];
  env: Record<string, string>;
}

/** Key material: the passphrase's UTF-8 bytes or the key file's bytes. */
export type FallbackSecret = Buffer;

function deriveKey(secret: FallbackSecret, salt: Buffer, kdf: Header["kdf"]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

const aad = (h: Header) => Buffer.from(JSON.stringify({ format: h.format, kdf: h.kdf }));

/** Writes the file atomically, readable by its owner only. */
export async function writeFallback(
  file: string,
  secret: FallbackSecret,
  contents: Omit<FallbackContents, "writtenAt">,
  clock: Clock,
): Promise<void> {
  const header: Header = { format: FORMAT, kdf: { ...KDF, salt: randomBytes(16).toString("base64") } };
  const key = await deriveKey(secret, Buffer.from(header.kdf.salt, "base64"), header.kdf);
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aad(header));
  const plain = Buffer.from(JSON.stringify({ ...contents, writtenAt: clock.now() }));
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  plain.fill(0);
  const body: FileBody = {
    ...header,
    nonce: nonce.toString("base64"),
    ciphertext: ciphertext.toString("base64"),
  };
  const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(body)}\n`, { mode: 0o600, flag: "wx" });
    await chmod(tmp, 0o600);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new CommandFailure(
      `Error writing the fallback file ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
      EXIT_LOCAL,
    );
  }
}

function parseBody(text: string, file: string): FileBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const b = body as Partial<FileBody> | null;
  const ok =
    b?.format === FORMAT &&
    b.kdf?.name === "scrypt" &&
    [b.kdf.N, b.kdf.r, b.kdf.p].every((n) => Number.isInteger(n) && n > 0) &&
    b.kdf.N <= 2 ** 20 &&
    b.kdf.r <= 32 &&
    b.kdf.p <= 16 &&
    typeof b.kdf.salt === "string" &&
    typeof b.nonce === "string" &&
    typeof b.ciphertext === "string";
  if (!ok) throw new CommandFailure(`Error: ${file} is not a cofre fallback file`, EXIT_REMOTE);
  return b as FileBody;
}

/** Reads and decrypts the file; a wrong key or an altered file is one error that says which file. */
export async function readFallback(file: string, secret: FallbackSecret): Promise<FallbackContents> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new CommandFailure(`Error: cannot read the fallback file ${file}: ${code}`, EXIT_REMOTE);
  }
  const body = parseBody(text, file);
  const key = await deriveKey(secret, Buffer.from(body.kdf.salt, "base64"), body.kdf);
  const raw = Buffer.from(body.ciphertext, "base64");
  try {
    if (raw.length < 17) throw new Error("short");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(body.nonce, "base64"));
    decipher.setAAD(aad(body));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const plain = Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString("utf8")) as FallbackContents;
  } catch {
    throw new CommandFailure(
      `Error: cannot decrypt the fallback file ${file}: wrong passphrase or key file, or the file was altered`,
      EXIT_REMOTE,
    );
  }
}

/** The fallback key: the key file's bytes, else the passphrase from the environment. */
export async function fallbackSecret(
  keyFile: string | undefined,
  passphrase: string | undefined,
): Promise<Buffer> {
  if (keyFile !== undefined) {
    try {
      const bytes = await readFile(keyFile);
      if (bytes.length < 16)
        throw new UsageError(`the fallback key file ${keyFile} holds fewer than 16 bytes`);
      return bytes;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(
        `cannot read the fallback key file ${keyFile}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
      );
    }
  }
  if (passphrase === undefined || passphrase === "") {
    throw new UsageError(
      "-fallback needs a key: -fallback-key-file=FILE or the COFRE_FALLBACK_PASSPHRASE environment variable",
    );
  }
  if (passphrase.length < 8) throw new UsageError("COFRE_FALLBACK_PASSPHRASE must be at least 8 characters");
  return Buffer.from(passphrase, "utf8");
}
