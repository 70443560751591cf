/**
 * Where a file device enabled through the API may write: only inside the directories the server's
 * operator allowed (config `audit_allowed_dirs`, env `COFRE_AUDIT_ALLOWED_DIRS`), with symlinks in
 * the path resolved first, so the API can never be used to write an arbitrary file.
 */
import { realpath } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, normalize, sep } from "node:path";
import { InvalidRequestError } from "../../errors.js";

/** Colon-separated directory list (the environment variable's form). */
export function parseDirList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(":")
    .map((d) => d.trim())
    .filter((d) => d !== "");
}

/** The real path to open, or a 400 saying why the path is not allowed. */
export async function allowedFilePath(filePath: string, allowedDirs: readonly string[]): Promise<string> {
  if (filePath.includes("\0") || !isAbsolute(filePath) || filePath.endsWith("/")) {
    throw new InvalidRequestError('file_path must be an absolute file path, "stdout" or "discard"');
  }
  if (allowedDirs.length === 0) {
    throw new InvalidRequestError(
      'file audit devices may only write to "stdout" or "discard": the server allows no audit directory (audit_allowed_dirs)',
    );
  }
  const wanted = normalize(filePath);
  const parent = await realpath(dirname(wanted)).catch(() => null);
  if (parent === null) throw new InvalidRequestError("the directory of file_path does not exist");
  for (const dir of allowedDirs) {
    if (!isAbsolute(dir)) continue;
    const real = await realpath(dir).catch(() => null);
    if (real === null) continue;
    if (parent === real || parent.startsWith(real.endsWith(sep) ? real : real + sep)) {
      return join(parent, basename(wanted));
    }
  }
  throw new InvalidRequestError(
    "file_path is outside the directories the server allows for audit files (audit_allowed_dirs)",
  );
}
