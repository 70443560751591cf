// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} references are the near misses
import { ALNUM_DASH, type CorpusCase, env, prefixed, token } from "./define.js";
import { awsKeyId, ecKeyPem, impossibleAwsKeyId } from "./makers.js";
import { ALPHABETS as A, type Rand } from "./rand.js";

const b64Json = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64");

export const cloudCases: CorpusCase[] = [
  token("aws-access-key-id", (r) => awsKeyId(r), impossibleAwsKeyId),
  {
    rule: "aws-secret-access-key",
    file: "deploy/credentials",
    positive: (r) => {
      const v = r.base64(30);
      return { text: `[default]\naws_secret_access_key = ${v}\n`, secret: v };
    },
    nearMiss: () => `[default]\naws_secret_access_key = ${"ab".repeat(20)}\n`,
  },
  {
    rule: "aws-credential-pair",
    file: "ops/new_user_credentials.csv",
    extra: ["aws-access-key-id"],
    positive: (r) => {
      const secret = r.base64(30);
      return { text: `User name,Access key ID,Secret access key\nci,${awsKeyId(r)},${secret}\n`, secret };
    },
    nearMiss: (r) =>
      `User name,Access key ID,Secret access key\nci,${impossibleAwsKeyId(r)},${r.base64(30)}\n`,
  },
  env(
    "aws-session-token",
    "AWS_SESSION_TOKEN",
    (r) => `IQoJb3JpZ2luX2Vj${r.base64(150)}`,
    () => "AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}",
  ),
  token(
    "aws-mws-key",
    (r) => `amzn.mws.${r.uuid()}`,
    (r) => `amzn.mws.${r.hex(32)}`,
  ),
  {
    rule: "gcp-service-account-key",
    file: "deploy/sa.json",
    positive: (r) => {
      const id = r.hex(40);
      return {
        text: `{\n  "type": "service_account",\n  "private_key_id": "${id}",\n  "client_id": "${r.str(21, A.digits)}"\n}\n`,
        secret: id,
      };
    },
    nearMiss: (r) => `{\n  "type": "service_account",\n  "private_key_id": "${r.hex(39)}"\n}\n`,
  },
  prefixed("gcp-api-key", "AIza", 35, ALNUM_DASH),
  prefixed("gcp-oauth-client-secret", "GOCSPX-", 28, ALNUM_DASH),
  token(
    "gcp-oauth-access-token",
    (r) => `ya29.${r.str(150, ALNUM_DASH)}`,
    (r) => `ya29.${r.str(20, ALNUM_DASH)}`,
  ),
  token(
    "gcp-oauth-refresh-token",
    (r) => `1//0${r.str(100, ALNUM_DASH)}`,
    (r) => `1//0${r.str(30, ALNUM_DASH)}`,
  ),
  token(
    "azure-storage-account-key",
    (r) =>
      `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${r.base64(64)};EndpointSuffix=core.windows.net`,
    (r) =>
      `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${r.base64(63)};EndpointSuffix=core.windows.net`,
  ),
  token(
    "azure-shared-access-key",
    (r) =>
      `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${r.base64(32)}`,
    (r) =>
      `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${r.base64(31)}`,
  ),
  token(
    "azure-sas-token",
    (r) =>
      `https://acme.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&se=2030-01-01T00:00:00Z&sig=${encodeURIComponent(r.base64(32))}`,
    (r) =>
      `https://acme.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig=${encodeURIComponent(r.base64(24))}`,
  ),
  token(
    "azure-ad-client-secret",
    (r) => `${r.str(3)}${r.str(1, A.digits)}Q~${r.str(34, `${A.alnum}_~.-`)}`,
    (r) => `${r.str(3)}${r.str(1, A.digits)}Q~${r.str(20, A.alnum)}`,
  ),
  prefixed("digitalocean-pat", "dop_v1_", 64, A.hex),
  prefixed("digitalocean-oauth-token", "doo_v1_", 64, A.hex),
  prefixed("digitalocean-refresh-token", "dor_v1_", 64, A.hex),
  prefixed("alibaba-access-key-id", "LTAI", 20),
  env(
    "alibaba-access-key-secret",
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
    (r) => r.str(30),
    () => "ALIBABA_CLOUD_ACCESS_KEY_SECRET=${ALIYUN_SECRET}",
  ),
  prefixed("heroku-api-key", "HRKU-AA", 58, ALNUM_DASH),
  env(
    "heroku-api-key-legacy",
    "HEROKU_API_KEY",
    (r) => r.uuid(),
    (r) => `HEROKU_APP_ID=${r.uuid()}`,
  ),
  token(
    "cloudflare-origin-ca-key",
    (r) => `v1.0-${r.hex(24)}-${r.hex(146)}`,
    (r) => `v1.0-${r.hex(24)}-${r.hex(145)}`,
  ),
  env(
    "cloudflare-api-token",
    "CLOUDFLARE_API_TOKEN",
    (r) => r.str(40, ALNUM_DASH),
    (r) => `CLOUDFLARE_ZONE_ID=${r.hex(32)}`,
  ),
  prefixed("databricks-token", "dapi", 32, A.hex),
  prefixed("pulumi-access-token", "pul-", 40, A.hex),
  token(
    "terraform-cloud-token",
    (r) => `${r.str(14)}.atlasv1.${r.str(67, ALNUM_DASH)}`,
    (r) => `${r.str(14)}.atlasv1.${r.str(40, ALNUM_DASH)}`,
  ),
  prefixed("supabase-access-token", "sbp_", 40, A.hex),
  token(
    "planetscale-password",
    (r) => `pscale_pw_${r.str(43)}`,
    (r) => `pscale_pw_${r.str(20)}`,
  ),
  token(
    "planetscale-token",
    (r) => `pscale_tkn_${r.str(43)}`,
    (r) => `pscale_tkn_${r.str(20)}`,
  ),
  prefixed("flyio-token", "fo1_", 43, ALNUM_DASH),
  prefixed("netlify-access-token", "nfp_", 36),
  env(
    "vercel-token",
    "VERCEL_TOKEN",
    (r) => r.str(24),
    (r) => `VERCEL_PROJECT_ID=prj_${r.str(28)}`,
  ),
  {
    rule: "kubernetes-client-key",
    file: "deploy/kubeconfig",
    positive: () => {
      const v = Buffer.from(ecKeyPem()).toString("base64");
      return { text: `users:\n- name: ci\n  user:\n    client-key-data: ${v}\n`, secret: v };
    },
    nearMiss: (r: Rand) => `users:\n- name: ci\n  user:\n    client-key-data: ${r.base64(200)}\n`,
  },
  token(
    "doppler-token",
    (r) => `dp.pt.${r.str(43)}`,
    (r) => `dp.pt.${r.str(30)}`,
  ),
  token(
    "grafana-cloud-token",
    (r) =>
      `glc_${b64Json({ o: r.str(6, A.digits), n: "stack-ci", k: r.str(24), m: { r: "prod-eu-west-0" } })}`,
    (r) => `glc_${r.str(20)}`,
  ),
];
