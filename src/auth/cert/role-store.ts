/**
 * Certificate roles (`cert/<name>`, as Vault stores them) and the mount's settings (`config`) in
 * the mount's storage.
 */
import type { StorageView } from "../../logical/types.js";
import { JsonRecordStore } from "../common/record-store.js";
import type { TokenSettings } from "../common/token-fields.js";
import type { NameConstraints } from "./constraints.js";

export interface CertRole extends NameConstraints {
  /** PEM text of the trusted CA certificates and pinned leaves, as written. */
  certificate: string;
  displayName: string;
  allowedMetadataExtensions: string[];
  token: TokenSettings;
}

export interface CertConfig {
  disableBinding: boolean;
  enableIdentityAliasMetadata: boolean;
}

const DEFAULT_CONFIG: CertConfig = { disableBinding: false, enableIdentityAliasMetadata: false };

export class CertRoleStore extends JsonRecordStore<CertRole> {
  constructor(storage: StorageView) {
    super(storage, "cert/");
  }

  async config(): Promise<CertConfig> {
    return { ...DEFAULT_CONFIG, ...((await this.storage.getJSON<CertConfig>("config")) ?? {}) };
  }

  setConfig(config: CertConfig): Promise<void> {
    return this.storage.putJSON("config", config);
  }
}
