import type { CompiledAllowlist } from "../types.js";

/** What an allowlist looks at. */
export interface AllowSubject {
  rule: string;
  path: string;
  secret: string;
  match: string;
  line: string;
  commit?: string;
}

function targetText(list: CompiledAllowlist, s: AllowSubject): string {
  return list.regexTarget === "match" ? s.match : list.regexTarget === "line" ? s.line : s.secret;
}

/** True when the allowlist suppresses the finding (gitleaks semantics: OR by default, or AND). */
export function allowlistMatches(list: CompiledAllowlist, s: AllowSubject): boolean {
  if (list.targetRules.length > 0 && !list.targetRules.includes(s.rule)) return false;
  const results: boolean[] = [];
  if (list.paths.length > 0) results.push(list.paths.some((re) => re.test(s.path)));
  if (list.regexes.length > 0) {
    const text = targetText(list, s);
    results.push(list.regexes.some((re) => re.test(text)));
  }
  if (list.stopwords.length > 0) {
    const lower = s.secret.toLowerCase();
    results.push(list.stopwords.some((w) => lower.includes(w)));
  }
  if (list.commits.length > 0) results.push(s.commit !== undefined && list.commits.includes(s.commit));
  if (results.length === 0) return false;
  return list.condition === "and" ? results.every(Boolean) : results.some(Boolean);
}

/** True when a file can be skipped outright: an OR allowlist for every rule matches its path. */
export function pathIsAllowlisted(lists: readonly CompiledAllowlist[], path: string): boolean {
  return lists.some(
    (l) => l.condition === "or" && l.targetRules.length === 0 && l.paths.some((re) => re.test(path)),
  );
}
