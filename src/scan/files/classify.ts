/**
 * Decides which files are worth scanning: binaries, lock files, source maps and minified bundles
 * hold no hand-written credentials and would cost most of the time, so they are skipped.
 */

const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif bmp ico icns webp avif tif tiff psd heic svgz " +
    "pdf doc docx xls xlsx ppt pptx odt ods odp " +
    "zip gz tgz bz2 xz zst 7z rar tar jar war ear apk ipa aar whl egg nupkg gem deb rpm dmg iso img msi " +
    "exe dll so dylib a o obj lib bin dat class pyc pyo pyd wasm node " +
    "woff woff2 ttf otf eot " +
    "mp3 mp4 m4a m4v mov avi mkv webm wav flac ogg opus aac " +
    "sqlite sqlite3 db mdb parquet avro orc feather npy npz pkl h5 onnx pt safetensors ckpt tflite " +
    "p12 pfx jks keystore der"
  ).split(" "),
);

const LOCK_FILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "bun.lock",
  "cargo.lock",
  "gemfile.lock",
  "poetry.lock",
  "pipfile.lock",
  "composer.lock",
  "go.sum",
  "mix.lock",
  "flake.lock",
  "packages.lock.json",
  "gradle.lockfile",
  "pubspec.lock",
  "podfile.lock",
  "package.resolved",
  "uv.lock",
]);

const CONFIG_EXTENSIONS = new Set(
  "env ini cfg conf config cnf properties yaml yml toml tfvars hcl sh bash zsh fish ps1 envrc npmrc pypirc netrc gitconfig pgpass".split(
    " ",
  ),
);

function baseName(path: string): string {
  const slash = path.lastIndexOf("/");
  return (slash === -1 ? path : path.slice(slash + 1)).toLowerCase();
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1);
}

export type SkipReason = "binary" | "generated";

/** Skips by name alone (no need to read the file). */
export function skipByName(path: string): SkipReason | null {
  const name = baseName(path);
  if (BINARY_EXTENSIONS.has(extension(name))) return "binary";
  if (LOCK_FILES.has(name)) return "generated";
  if (name.endsWith(".map") || /[.-]min\.(?:js|mjs|cjs|css)$/.test(name)) return "generated";
  return null;
}

/** Git's rule: a NUL byte in the first 8000 bytes means binary. */
export function isBinaryContent(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, 8000);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const MINIFIABLE = /\.(?:js|mjs|cjs|css)$/;

/** A bundle whose sample has on average more than 500 characters per line. */
export function looksMinified(path: string, text: string): boolean {
  if (!MINIFIABLE.test(path) || text.length < 4096) return false;
  const sample = Math.min(text.length, 65536);
  let lines = 1;
  let at = text.indexOf("\n");
  while (at !== -1 && at < sample) {
    lines++;
    at = text.indexOf("\n", at + 1);
  }
  return sample / lines > 500;
}

/** looksMinified over raw bytes, so a bundle is skipped before it is decoded. */
export function looksMinifiedBytes(path: string, bytes: Buffer, length: number): boolean {
  if (!MINIFIABLE.test(path) || length < 4096) return false;
  const sample = Math.min(length, 65536);
  let lines = 1;
  let at = bytes.indexOf(10);
  while (at !== -1 && at < sample) {
    lines++;
    at = bytes.indexOf(10, at + 1);
  }
  return sample / lines > 500;
}

/** Config-style files, where `key: value` and `KEY=value` hold literal (unquoted) values. */
export function isConfigLikePath(path: string): boolean {
  const name = baseName(path);
  if (name === "" || name.startsWith(".env") || name.endsWith(".env") || name === "dockerfile") return true;
  return CONFIG_EXTENSIONS.has(extension(name));
}
