/**
 * Argument rewriting so Vault's flag style works with commander:
 * - single-dash long flags become double-dash (`-format=json` -> `--format=json`, `-dev` -> `--dev`);
 * - Go-style boolean values (`--orphan=true`, `--cas-required=false`) become commander's forms.
 * Nothing after `--` is touched.
 */

/** Boolean flags that also have a `--no-<name>` form, so `=false` is an explicit false. */
const NEGATABLE = new Set(["renewable", "cas-required"]);

/** Boolean flags whose `=false` simply means "not given". */
const PLAIN = new Set([
  "accessor",
  "detailed",
  "dev",
  "force",
  "force-no-cache",
  "local",
  "no-default-policy",
  "no-print",
  "no-store",
  "orphan",
  "reset",
  "seal-wrap",
  "self",
  "status",
  "tls-skip-verify",
]);

const GO_TRUE = new Set(["1", "t", "T", "true", "TRUE", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "false", "FALSE", "False"]);

/** Rewrites Vault's single-dash long flags (`-config=x`, `-dev`) to commander's double dash. */
export function normaliseArgs(argv: string[]): string[] {
  const end = argv.indexOf("--");
  return argv.map((a, i) => ((end === -1 || i < end) && /^-[a-z][a-z0-9-]+(=.*)?$/.test(a) ? `-${a}` : a));
}

/** Rewrites `--flag=<go bool>` of the boolean flags above (after normaliseArgs). */
export function normaliseBooleans(argv: string[]): string[] {
  const end = argv.indexOf("--");
  const out: string[] = [];
  argv.forEach((a, i) => {
    const m = end !== -1 && i >= end ? null : /^--([a-z][a-z0-9-]*)=(.*)$/.exec(a);
    if (!m || !(NEGATABLE.has(m[1]) || PLAIN.has(m[1]))) {
      out.push(a);
      return;
    }
    const [, name, value] = m;
    if (GO_TRUE.has(value)) out.push(`--${name}`);
    else if (GO_FALSE.has(value)) {
      if (NEGATABLE.has(name)) out.push(`--no-${name}`);
    } else out.push(a); // commander reports the bad value
  });
  return out;
}

export function prepareArgs(argv: string[]): string[] {
  return normaliseBooleans(normaliseArgs(argv));
}
