import type { Confidence, Finding } from "../types.js";

const LEVEL: Record<Confidence, "error" | "warning" | "note"> = {
  high: "error",
  medium: "warning",
  low: "note",
};
const SEVERITY: Record<Confidence, string> = { high: "9.0", medium: "7.0", low: "4.0" };
const HELP =
  "A credential is committed in source. Revoke it at its issuer, issue a new one and store it in a " +
  "secrets manager; then remove it from the code and, if it was pushed, from the git history. " +
  "See docs/scanning.md (Remediation).";

function uri(file: string): string {
  return file === "<stdin>" ? "stdin" : file.split("/").map(encodeURIComponent).join("/");
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. */
export function formatSarif(findings: readonly Finding[], toolVersion: string): string {
  const rules = new Map<string, { description: string; confidence: Confidence }>();
  for (const f of findings)
    if (!rules.has(f.rule)) rules.set(f.rule, { description: f.description, confidence: f.confidence });
  const ids = [...rules.keys()];
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cofre",
            version: toolVersion,
            rules: ids.map((id) => ({
              id,
              name: id,
              shortDescription: { text: rules.get(id)!.description },
              help: { text: HELP },
              defaultConfiguration: { level: "error" },
              properties: { tags: ["security", "secret"], precision: "high", "security-severity": "9.0" },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ids.indexOf(f.rule),
          level: LEVEL[f.confidence],
          message: {
            text: `${f.description} (confidence: ${f.confidence})${f.commit ? ` in commit ${f.commit.slice(0, 12)}` : ""}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(f.file), uriBaseId: "%SRCROOT%" },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  endLine: f.endLine,
                  endColumn: f.endColumn,
                  snippet: { text: f.match },
                },
              },
            },
          ],
          partialFingerprints: { "cofreFingerprint/v1": f.fingerprint },
          properties: {
            confidence: f.confidence,
            "security-severity": SEVERITY[f.confidence],
            ...(f.commit ? { commit: f.commit, author: f.author, date: f.date } : {}),
          },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
