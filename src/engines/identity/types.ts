/** Identity records as stored in the identity mount's storage view. Times are ms since the epoch. */

export interface EntityRecord {
  id: string;
  /** Trimmed, NFC; looked up without regard to case. */
  name: string;
  /** Lower-cased, unique, sorted. */
  policies: string[];
  metadata: Record<string, string>;
  disabled: boolean;
  creationTime: number;
  lastUpdateTime: number;
  /** Entities merged into this one (entity/merge). */
  mergedEntityIds: string[];
}

export interface AliasRecord {
  id: string;
  /** The entity this alias belongs to. */
  canonicalId: string;
  mountAccessor: string;
  /** Normalised for its mount (see names.ts): unique per mount accessor. */
  name: string;
  metadata: Record<string, string>;
  customMetadata: Record<string, string>;
  creationTime: number;
  lastUpdateTime: number;
}

export interface GroupRecord {
  id: string;
  name: string;
  type: "internal";
  policies: string[];
  memberEntityIds: string[];
  memberGroupIds: string[];
  metadata: Record<string, string>;
  creationTime: number;
  lastUpdateTime: number;
}
