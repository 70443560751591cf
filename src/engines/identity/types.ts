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
  /** The entities this alias belonged to before entity/merge moved it here. */
  mergedFromCanonicalIds?: string[];
}

export interface GroupRecord {
  id: string;
  name: string;
  /** internal: members are set by hand; external: members are the entities whose logins carried its alias. */
  type: "internal" | "external";
  policies: string[];
  memberEntityIds: string[];
  memberGroupIds: string[];
  metadata: Record<string, string>;
  creationTime: number;
  lastUpdateTime: number;
}

/** The name an external group has on one auth mount (a group name from an identity provider). */
export interface GroupAliasRecord {
  id: string;
  /** The external group this alias belongs to. */
  canonicalId: string;
  mountAccessor: string;
  /** As the auth method reports it (matched exactly). */
  name: string;
  creationTime: number;
  lastUpdateTime: number;
}
