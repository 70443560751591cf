import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { BUILTIN_DETECTORS } from "../../src/scan/detectors/index.js";
import { Scanner } from "../../src/scan/engine/scanner.js";
import { toByteString } from "../../src/scan/engine/text.js";
import type { CompiledAllowlist, Finding } from "../../src/scan/types.js";
import { crcToken } from "./corpus/makers.js";
import { Rand } from "./corpus/rand.js";

/** Test helpers: generated credentials, a scanner over strings, throwaway directories. */
export const rand = (seed: string) => new Rand(seed);

export function githubToken(seed: string): string {
  return crcToken("ghp_", new Rand(seed));
}

export function scanText(
  text: string,
  file = "src/app.ts",
  options: { allowlists?: CompiledAllowlist[]; redact?: boolean } = {},
): Finding[] {
  const scanner = new Scanner({
    detectors: BUILTIN_DETECTORS,
    allowlists: options.allowlists ?? [],
    redact: options.redact ?? false,
  });
  return scanner.scan({ path: file, text: toByteString(text) });
}

export async function tempDir(prefix = "cofre-scan-"): Promise<{
  dir: string;
  write: (rel: string, content: string | Buffer) => Promise<string>;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return {
    dir,
    write: async (rel, content) => {
      const file = path.join(dir, rel);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
