/**
 * Login MFA configuration in the identity mount's storage: TOTP methods (mfa/method/<id>),
 * login enforcements (mfa/enforcement/<name>), held in memory, and each entity's TOTP key per
 * method (mfa/totp/<method id>/<entity id>), read only when a code is checked.
 */
import type { StorageView } from "../../../logical/types.js";
import type { TotpParams } from "./totp.js";

export interface TotpMethod extends TotpParams {
  id: string;
  name: string;
  issuer: string;
  keySize: number;
  qrSize: number;
  maxValidationAttempts: number;
}

export interface LoginEnforcement {
  id: string;
  name: string;
  mfaMethodIds: string[];
  authMethodAccessors: string[];
  authMethodTypes: string[];
  identityEntityIds: string[];
  identityGroupIds: string[];
}

/** An entity's enrolment: the key and the parameters it was generated with. */
export interface TotpSecret extends TotpParams {
  key: string;
}

export class MfaStore {
  readonly methods = new Map<string, TotpMethod>();
  readonly enforcements = new Map<string, LoginEnforcement>();

  constructor(private readonly storage: StorageView) {}

  async load(): Promise<void> {
    this.clear();
    for (const id of await this.storage.list("mfa/method/")) {
      const m = await this.storage.getJSON<TotpMethod>(`mfa/method/${id}`);
      if (m) this.methods.set(m.id, m);
    }
    for (const name of await this.storage.list("mfa/enforcement/")) {
      const e = await this.storage.getJSON<LoginEnforcement>(`mfa/enforcement/${name}`);
      if (e) this.enforcements.set(e.name, e);
    }
  }

  clear(): void {
    this.methods.clear();
    this.enforcements.clear();
  }

  methodByIdOrName(key: string): TotpMethod | undefined {
    return this.methods.get(key) ?? [...this.methods.values()].find((m) => m.name !== "" && m.name === key);
  }

  async putMethod(m: TotpMethod): Promise<void> {
    await this.storage.putJSON(`mfa/method/${m.id}`, m);
    this.methods.set(m.id, m);
  }

  async deleteMethod(id: string): Promise<void> {
    for (const entity of await this.storage.list(`mfa/totp/${id}/`)) {
      await this.storage.delete(`mfa/totp/${id}/${entity}`);
    }
    await this.storage.delete(`mfa/method/${id}`);
    this.methods.delete(id);
  }

  async putEnforcement(e: LoginEnforcement): Promise<void> {
    await this.storage.putJSON(`mfa/enforcement/${e.name}`, e);
    this.enforcements.set(e.name, e);
  }

  async deleteEnforcement(name: string): Promise<void> {
    await this.storage.delete(`mfa/enforcement/${name}`);
    this.enforcements.delete(name);
  }

  secret(methodId: string, entityId: string): Promise<TotpSecret | null> {
    return this.storage.getJSON<TotpSecret>(`mfa/totp/${methodId}/${entityId}`);
  }

  putSecret(methodId: string, entityId: string, secret: TotpSecret): Promise<void> {
    return this.storage.putJSON(`mfa/totp/${methodId}/${entityId}`, secret);
  }

  deleteSecret(methodId: string, entityId: string): Promise<void> {
    return this.storage.delete(`mfa/totp/${methodId}/${entityId}`);
  }

  /** Drops every enrolment of a deleted entity. */
  async forgetEntity(entityId: string): Promise<void> {
    for (const id of this.methods.keys()) await this.deleteSecret(id, entityId);
  }
}
