/**
 * Writes a file so that readers see the old content or the new, never a mix: a temporary file in
 * the same folder, created with the final mode (then chmod'ed past the umask) and owner, synced,
 * renamed over the destination, and the folder synced. On any failure the temporary file is removed
 * and the destination is left as it was.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export interface AtomicWriteOptions {
  mode: number;
  uid?: number;
  gid?: number;
  /** Create missing parent folders (mode 0700). */
  createDirs?: boolean;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // not every platform can sync a folder; the rename itself is still atomic
  }
}

export async function writeFileAtomic(
  path: string,
  content: string,
  opts: AtomicWriteOptions,
): Promise<void> {
  const dir = dirname(path);
  if (opts.createDirs) await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  let created = false;
  try {
    const fh = await open(tmp, "wx", opts.mode);
    created = true;
    try {
      await fh.chmod(opts.mode);
      if (opts.uid !== undefined || opts.gid !== undefined) await fh.chown(opts.uid ?? -1, opts.gid ?? -1);
      await fh.writeFile(content, "utf8");
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    created = false;
    await syncDir(dir);
  } catch (err) {
    if (created) await unlink(tmp).catch(() => {});
    const code = (err as NodeJS.ErrnoException).code ?? "error";
    throw new Error(`cannot write ${path}: ${code}`);
  }
}
