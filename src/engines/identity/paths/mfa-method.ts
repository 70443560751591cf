/**
 * identity/mfa/method/totp (create, LIST), mfa/method/totp/:method_id (read, update, delete),
 * mfa/method/totp/admin-generate (enrol an entity: answers the otpauth:// URL) and admin-destroy.
 */
import { randomUUID } from "node:crypto";
import { InvalidRequestError, NotFoundError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { MfaStore, TotpMethod } from "../mfa/store.js";
import { newTotpKey, otpauthUrl, type TotpAlgorithm } from "../mfa/totp.js";
import { listData } from "../render.js";
import type { IdentityRecords } from "../store.js";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const ALGORITHMS: readonly string[] = ["SHA1", "SHA256", "SHA512"];

const methodFields = {
  method_name: field.str().optional(),
  issuer: field.str().optional(),
  period: field.duration().optional(),
  key_size: field.int().optional(),
  qr_size: field.int().optional(),
  algorithm: field.str().optional(),
  digits: field.int().optional(),
  skew: field.int().optional(),
  max_validation_attempts: field.int().optional(),
};
type MethodInput = {
  [K in keyof typeof methodFields]?: K extends "method_name" | "issuer" | "algorithm" ? string : number;
};

function applyMethod(current: TotpMethod | undefined, f: MethodInput, id: string): TotpMethod {
  const m: TotpMethod = current
    ? { ...current }
    : {
        id,
        name: "",
        issuer: "",
        period: 30,
        keySize: 20,
        qrSize: 200,
        algorithm: "SHA1",
        digits: 6,
        skew: 1,
        maxValidationAttempts: 5,
      };
  if (f.method_name !== undefined) m.name = f.method_name.trim();
  if (f.issuer !== undefined) m.issuer = f.issuer.trim();
  if (f.period !== undefined) m.period = f.period;
  if (f.key_size !== undefined) m.keySize = f.key_size;
  if (f.qr_size !== undefined) m.qrSize = f.qr_size;
  if (f.algorithm !== undefined) {
    if (!ALGORITHMS.includes(f.algorithm)) throw new InvalidRequestError("unrecognized algorithm");
    m.algorithm = f.algorithm as TotpAlgorithm;
  }
  if (f.digits !== undefined) {
    if (f.digits !== 6 && f.digits !== 8) throw new InvalidRequestError("digits can only be 6 or 8");
    m.digits = f.digits;
  }
  if (f.skew !== undefined) {
    if (f.skew !== 0 && f.skew !== 1) throw new InvalidRequestError("skew must be 0 or 1");
    m.skew = f.skew;
  }
  if (f.max_validation_attempts !== undefined) {
    if (f.max_validation_attempts < 0)
      throw new InvalidRequestError("max_validation_attempts must be greater than zero");
    m.maxValidationAttempts = f.max_validation_attempts || 5;
  }
  if (m.issuer === "") throw new InvalidRequestError("issuer must be set");
  if (m.period <= 0 || m.period > 3600) throw new InvalidRequestError("period must be between 1s and 1h");
  if (m.keySize < 10 || m.keySize > 128) throw new InvalidRequestError("key_size must be between 10 and 128");
  if (m.qrSize < 0) throw new InvalidRequestError("qr_size cannot be negative");
  if (m.name !== "" && !/^[\w.-]{1,128}$/.test(m.name)) throw new InvalidRequestError("invalid method_name");
  return m;
}

function methodData(m: TotpMethod): Record<string, unknown> {
  return {
    type: "totp",
    id: m.id,
    name: m.name,
    issuer: m.issuer,
    period: m.period,
    key_size: m.keySize,
    qr_size: m.qrSize,
    algorithm: m.algorithm,
    digits: m.digits,
    skew: m.skew,
    max_validation_attempts: m.maxValidationAttempts,
    namespace_id: "root",
    namespace_path: "",
  };
}

export function mfaMethodPaths(store: MfaStore, records: IdentityRecords): PathDef[] {
  const save = (current: TotpMethod | undefined, f: MethodInput) =>
    records.write(async () => {
      const m = applyMethod(current, f, current?.id ?? randomUUID());
      const clash = m.name === "" ? undefined : store.methodByIdOrName(m.name);
      if (clash && clash.id !== m.id)
        throw new InvalidRequestError(`a login MFA method with the name ${m.name} already exists`);
      await store.putMethod(m);
      return m;
    });
  const enrolment = { entity_id: field.str().optional(), method_id: field.str().optional() };
  const target = (f: { entity_id?: string; method_id?: string }) => {
    if (!f.method_id) throw new InvalidRequestError("missing method ID");
    if (!f.entity_id) throw new InvalidRequestError("missing entity ID");
    const method = store.methods.get(f.method_id);
    if (!method) throw new InvalidRequestError(`configuration for method ID "${f.method_id}" does not exist`);
    if (!records.entities.has(f.entity_id)) throw new InvalidRequestError("invalid entity ID");
    return { method, entityId: f.entity_id };
  };
  return [
    definePath({
      pattern: "mfa/method/totp/?",
      fields: methodFields,
      operations: {
        update: async (_req, f) => ({ data: { method_id: (await save(undefined, f)).id } }),
        list: async () => {
          const all = [...store.methods.values()].sort((a, b) => a.id.localeCompare(b.id));
          return listData(
            all.map((m) => m.id),
            Object.fromEntries(all.map((m) => [m.id, methodData(m)])),
          );
        },
      },
      help: "Create a TOTP login MFA method, or list them.",
    }),
    definePath({
      pattern: "mfa/method/totp/admin-generate",
      fields: enrolment,
      operations: {
        update: async (_req, f) => {
          const { method, entityId } = target(f);
          return records.write(async () => {
            if (await store.secret(method.id, entityId)) {
              return {
                data: null,
                warnings: [`Entity already has a secret for MFA method "${method.name}"`],
              };
            }
            const key = newTotpKey(method.keySize);
            await store.putSecret(method.id, entityId, {
              key,
              algorithm: method.algorithm,
              digits: method.digits,
              period: method.period,
              skew: method.skew,
            });
            return { data: { url: otpauthUrl(key, method.issuer, entityId, method), barcode: "" } };
          });
        },
      },
      help: "Generate an entity's TOTP key for a method; answers the otpauth:// URL once.",
    }),
    definePath({
      pattern: "mfa/method/totp/admin-destroy",
      fields: enrolment,
      operations: {
        update: async (_req, f) => {
          const { method, entityId } = target(f);
          await records.write(() => store.deleteSecret(method.id, entityId));
          return null;
        },
      },
      help: "Remove an entity's TOTP key for a method (it can enrol again).",
    }),
    definePath({
      pattern: `mfa/method/totp/(?<method_id>${UUID})`,
      fields: { ...methodFields, method_id: field.str() },
      operations: {
        read: async (_req, f) => {
          const m = store.methods.get(f.method_id);
          return m ? { data: methodData(m) } : null;
        },
        update: async (_req, f) => {
          const current = store.methods.get(f.method_id);
          if (!current) throw new NotFoundError();
          await save(current, f);
          return null;
        },
        delete: async (_req, f) => {
          await records.write(async () => {
            const user = [...store.enforcements.values()].find((e) => e.mfaMethodIds.includes(f.method_id));
            if (user)
              throw new InvalidRequestError(
                `methodID is still used by an enforcement configuration with ID: ${user.id}`,
              );
            await store.deleteMethod(f.method_id);
          });
          return null;
        },
      },
      help: "Read, update or delete a TOTP login MFA method.",
    }),
  ];
}
