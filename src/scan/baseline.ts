import { readFileSync } from "node:fs";
import { InvalidRequestError } from "../errors.js";

/**
 * A baseline is a previous JSON report (`cofre scan --format json --output .cofre-baseline.json`):
 * findings whose fingerprint it lists are accepted and not reported again. An object with a
 * `findings` array, or a bare list of fingerprints, is read as well.
 */
export function readBaseline(file: string): Set<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : "not valid JSON";
    throw new InvalidRequestError(`baseline ${file}: ${reason}`);
  }
  const list =
    typeof raw === "object" && raw !== null && !Array.isArray(raw) && "findings" in raw
      ? (raw as { findings: unknown }).findings
      : raw;
  if (!Array.isArray(list)) throw new InvalidRequestError(`baseline ${file}: expected an array of findings`);
  const fingerprints = new Set<string>();
  for (const entry of list) {
    const fp = typeof entry === "string" ? entry : (entry as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fp !== "string" || !/^[0-9a-f]{16,64}$/.test(fp)) {
      throw new InvalidRequestError(`baseline ${file}: every finding needs a hex fingerprint`);
    }
    fingerprints.add(fp);
  }
  return fingerprints;
}
