import { shannonEntropy } from "./entropy.js";

/**
 * Values that are obviously not real credentials: documentation placeholders, template and
 * environment references, masked values and keyboard runs. Checked on the secret part only.
 */
const CONTAINS = [
  "example",
  "sample",
  "placeholder",
  "dummy",
  "changeme",
  "change_me",
  "change-me",
  "changeit",
  "your_",
  "your-",
  "yourkey",
  "yoursecret",
  "yourtoken",
  "yourpass",
  "redacted",
  "replace_",
  "replace-",
  "replaceme",
  "insert_",
  "insert-",
  "notreal",
  "not_real",
  "not-real",
  "not-a-real",
  "fake_",
  "fake-",
  "_here",
  "-here",
  "<",
  ">",
  "${",
  "{{",
  "}}",
  "$(",
  "%(",
  "process.env",
  "os.environ",
  "getenv",
  "env(",
  "env.",
  "secrets.",
  "@microsoft.keyvault",
  "vault:",
  "0123456789",
  "123456",
  "abcdef0123",
  "abcdefgh",
  "qwerty",
];

const EQUALS = new Set([
  "password",
  "passwd",
  "secret",
  "token",
  "apikey",
  "api_key",
  "none",
  "null",
  "nil",
  "undefined",
  "true",
  "false",
  "empty",
  "test",
  "testing",
  "admin",
  "root",
  "pass",
  "default",
  "string",
  "required",
  "optional",
  "secret123",
  "password123",
  "letmein",
  "hunter2",
]);

/** True for a placeholder, template reference or masked value. */
export function isPlaceholder(secret: string): boolean {
  const s = secret.toLowerCase();
  if (EQUALS.has(s)) return true;
  if (/^(.)\1+$/.test(s) || /(.)\1{5,}/.test(s)) return true;
  // Masks and ellipses; masks in one case only ("XxXx" turns up in long random tokens).
  if (/x{4}|X{4}|\*{4}|\.{3}|\u2026/.test(secret)) return true;
  // Vault and cofre audit logs show secrets as "hmac-sha256:<hex>".
  if (/^hmac-sha(?:256|384|512):/.test(s)) return true;
  if (/^[$%]/.test(s) && /^[$%]\{?[a-z_][a-z0-9_]*\}?%?$/.test(s)) return true;
  for (const word of CONTAINS) if (s.includes(word)) return true;
  return false;
}

/** Extra words that make a generic (keyword + entropy) value a fixture rather than a secret. */
const GENERIC_CONTAINS = ["test", "mock", "fake", "demo", "lorem", "password", "secret", "todo"];
/** Short words count in short values only: in a long random value they turn up by chance. */
const GENERIC_SHORT_WORDS = ["foo", "bar", "baz", "abc", "xyz"];

export function isGenericPlaceholder(secret: string): boolean {
  if (isPlaceholder(secret)) return true;
  const s = secret.toLowerCase();
  for (const word of GENERIC_CONTAINS) if (s.includes(word)) return true;
  if (s.length < 24) for (const word of GENERIC_SHORT_WORDS) if (s.includes(word)) return true;
  return false;
}

/** Words that give away a hand-typed fake in the random part of a vendor token. */
const HAND_TYPED = [
  "secret",
  "token",
  "password",
  "passwd",
  "apikey",
  "test",
  "fake",
  "mock",
  "demo",
  "dummy",
];

/**
 * For format-specific detectors: a placeholder, or a value whose random part (the text left after
 * removing the detector's keywords, such as its `ghp_` prefix) spells words no generator emits
 * and has the low entropy of typed text (`hvs.SUPERSECRETTOKENVALUE`). A generated token that
 * happens to contain "test" keeps its high entropy and still counts.
 */
export function isFakeToken(secret: string, keywords: readonly string[]): boolean {
  if (isPlaceholder(secret)) return true;
  let rest = secret;
  for (const k of keywords)
    rest = rest.replace(new RegExp(k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), " ");
  const lower = rest.toLowerCase();
  return HAND_TYPED.some((w) => lower.includes(w)) && shannonEntropy(rest) < 4;
}

/** Tests, fixtures and examples: generic detectors stay quiet there (vendor formats still count). */
const FIXTURE_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|test-data|__mocks__|mocks?|examples?|samples?)\/|[._-](?:test|spec)\.[a-z0-9]+$|(?:^|\/)test_[^/]+\.py$|_test\.go$/i;

export function isFixturePath(path: string): boolean {
  return FIXTURE_PATH.test(path);
}
