/** A Kubernetes Secret manifest (type Opaque) holding a secret's keys, base64-encoded. */
import { UsageError } from "../errors.js";

const KEY = /^[-._a-zA-Z0-9]+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const BASE64_WARNING =
  "Warning: a Kubernetes Secret only base64-encodes its values; that is not encryption. Anyone who " +
  "can read this manifest or the Secret can read the values. Keep it out of git and logs.";

/** A Secret name from the path's last segment (`secret/prod/my_app` -> `my-app`). */
export function secretNameFor(path: string): string {
  const last = path.replace(/\/+$/, "").split("/").pop() ?? "";
  return last
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 253);
}

export function checkSecretName(name: string, flag: string): string {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new UsageError(`invalid ${flag} ${JSON.stringify(name)}: a lowercase DNS subdomain name is needed`);
  }
  return name;
}

export interface SecretManifest {
  apiVersion: "v1";
  kind: "Secret";
  metadata: { name: string; namespace?: string };
  type: "Opaque";
  data: Record<string, string>;
}

export function secretManifest(
  name: string,
  namespace: string | undefined,
  data: Record<string, string>,
): SecretManifest {
  const encoded: Record<string, string> = {};
  for (const key of Object.keys(data).sort()) {
    if (!KEY.test(key)) {
      throw new UsageError(
        `key ${JSON.stringify(key)} is not a valid Kubernetes Secret key (letters, digits, -, _, .)`,
      );
    }
    encoded[key] = Buffer.from(data[key], "utf8").toString("base64");
  }
  const metadata: SecretManifest["metadata"] = { name };
  if (namespace !== undefined) {
    if (!DNS_LABEL.test(namespace))
      throw new UsageError(`invalid -k8s-namespace ${JSON.stringify(namespace)}`);
    metadata.namespace = namespace;
  }
  return { apiVersion: "v1", kind: "Secret", metadata, type: "Opaque", data: encoded };
}
