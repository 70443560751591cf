import { makeCofreToken } from "../../../src/scan/validate/checksum-tokens.js";
import { ALNUM_DASH, type CorpusCase, env, prefixed, token } from "./define.js";
import { ageKey } from "./makers.js";
import { ALPHABETS as A, mutate } from "./rand.js";

const BECH32_UPPER = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

export const aiManagerCases: CorpusCase[] = [
  token(
    "openai-api-key",
    (r) => `sk-proj-${r.str(74, ALNUM_DASH)}T3BlbkFJ${r.str(74, ALNUM_DASH)}`,
    (r) => `sk-proj-${r.str(40, ALNUM_DASH)}`,
  ),
  token(
    "anthropic-api-key",
    (r) => `sk-ant-api03-${r.str(93, ALNUM_DASH)}AA`,
    (r) => `sk-ant-api03-${r.str(92, ALNUM_DASH)}AA`,
  ),
  token(
    "anthropic-admin-key",
    (r) => `sk-ant-admin01-${r.str(93, ALNUM_DASH)}AA`,
    (r) => `sk-ant-admin01-${r.str(92, ALNUM_DASH)}AA`,
  ),
  prefixed("huggingface-access-token", "hf_", 34, A.letters),
  prefixed("huggingface-org-token", "api_org_", 34, A.letters),
  prefixed("groq-api-key", "gsk_", 52),
  prefixed("replicate-api-token", "r8_", 37),
  prefixed("perplexity-api-key", "pplx-", 48),
  prefixed("xai-api-key", "xai-", 80),
  prefixed("openrouter-api-key", "sk-or-v1-", 64, A.hex),
  token(
    "langsmith-api-key",
    (r) => `lsv2_pt_${r.hex(32)}_${r.hex(10)}`,
    (r) => `lsv2_pt_${r.hex(32)}_${r.hex(9)}`,
  ),
  token(
    "pinecone-api-key",
    (r) => `pcsk_${r.str(6)}_${r.str(65)}`,
    (r) => `pcsk_${r.str(6)}_${r.str(40)}`,
  ),
  prefixed("tavily-api-key", "tvly-", 32),
  env(
    "cohere-api-key",
    "COHERE_API_KEY",
    (r) => r.str(40),
    () => "COHERE_MODEL=command-r-plus",
  ),
  env(
    "mistral-api-key",
    "MISTRAL_API_KEY",
    (r) => r.str(32),
    () => "MISTRAL_MODEL=mistral-large-latest",
  ),
  env(
    "wandb-api-key",
    "WANDB_API_KEY",
    (r) => r.hex(40),
    () => "WANDB_PROJECT=churn-model",
  ),
  token(
    "cofre-token",
    (r) => makeCofreToken(r.str(18)),
    (r) => `hvs.${r.str(23)}`,
  ),
  token(
    "vault-service-token",
    (r) => `hvs.CAESI${r.str(86, ALNUM_DASH)}`,
    (r) => `hvs.${r.str(20)}`,
  ),
  token(
    "vault-batch-token",
    (r) => `hvb.${r.str(140, ALNUM_DASH)}`,
    (r) => `hvb.${r.str(60, ALNUM_DASH)}`,
  ),
  token(
    "vault-recovery-token",
    (r) => `hvr.${r.str(26)}`,
    (r) => `hvr.${r.str(20)}`,
  ),
  env(
    "vault-legacy-token",
    "VAULT_TOKEN",
    (r) => `s.${r.str(24)}`,
    () => "VAULT_ADDR=https://vault.internal:8200",
  ),
  {
    rule: "vault-unseal-key",
    file: "notes/init.txt",
    positive: (r) => {
      const v = r.base64(32);
      return { text: `Unseal Key 1: ${v}\n\nInitial Root Token: (rotated)\n`, secret: v };
    },
    nearMiss: (r) => `Unseal Key 1: ${r.base64(16)}\n`,
  },
  token(
    "onepassword-service-account-token",
    (r) =>
      `ops_${Buffer.from(JSON.stringify({ signInAddress: "acme.1password.com", email: `${r.str(8, A.lower)}@acme.io`, srpX: r.hex(64), muk: { k: r.base64url(32), kid: "mp" }, secretKey: r.str(34) })).toString("base64url")}`,
    (r) => `ops_eyJ${r.str(50)}`,
  ),
  token(
    "onepassword-secret-key",
    (r) =>
      `A3-${r.str(6, A.upperAlnum)}-${r.str(6, A.upperAlnum)}-${r.str(5, A.upperAlnum)}-${r.str(5, A.upperAlnum)}-${r.str(5, A.upperAlnum)}-${r.str(5, A.upperAlnum)}`,
    (r) =>
      `A3-${r.str(6, A.upperAlnum)}-${r.str(6, A.upperAlnum)}-${r.str(5, A.upperAlnum)}-${r.str(5, A.upperAlnum)}-${r.str(5, A.upperAlnum)}`,
  ),
  token(
    "age-secret-key",
    (r) => ageKey(r),
    (r) => mutate(ageKey(r), -3, BECH32_UPPER),
  ),
];
