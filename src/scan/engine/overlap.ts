import { CONFIDENCE_RANK, type Confidence, type Detector } from "../types.js";

/** A validated match, before it becomes a finding. Offsets are into the scanned text. */
export interface Candidate {
  detector: Detector;
  start: number;
  end: number;
  secretStart: number;
  secretEnd: number;
  confidence: Confidence;
  entropy: number;
}

/** Specific beats generic, then higher confidence, then the longer secret. */
function better(a: Candidate, b: Candidate): boolean {
  const ga = a.detector.generic ? 0 : 1;
  const gb = b.detector.generic ? 0 : 1;
  if (ga !== gb) return ga > gb;
  const ca = CONFIDENCE_RANK[a.confidence];
  const cb = CONFIDENCE_RANK[b.confidence];
  if (ca !== cb) return ca > cb;
  return a.secretEnd - a.secretStart > b.secretEnd - b.secretStart;
}

/**
 * One finding per secret: when candidates' secrets overlap (a GitHub token that is also the
 * password of an https URL, a JWT after "Authorization: Bearer"), the best one stays.
 * Returns the survivors sorted by position.
 */
export function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => a.secretStart - b.secretStart || b.secretEnd - a.secretEnd);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const last = kept[kept.length - 1];
    if (last !== undefined && c.secretStart < last.secretEnd) {
      if (better(c, last)) kept[kept.length - 1] = c;
      continue;
    }
    kept.push(c);
  }
  return kept;
}
