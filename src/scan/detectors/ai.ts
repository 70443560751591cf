import { assigned, type DetectorSpec, family } from "./define.js";

function prefixed(
  prefix: string,
  body: string,
  id: string,
  description: string,
  minEntropy = 3.5,
): DetectorSpec {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    id,
    description,
    keywords: [prefix.toLowerCase()],
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${escaped}${body}(?![A-Za-z0-9_-])`),
    minEntropy,
  };
}

/** AI and machine-learning providers. */
export const aiDetectors = family("ai", [
  {
    id: "openai-api-key",
    description: "OpenAI API key",
    keywords: ["t3blbkfj"],
    pattern:
      /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{16,200}T3BlbkFJ[A-Za-z0-9_-]{16,200}(?![A-Za-z0-9_-])/,
    reach: { before: 220, after: 220 },
    confidence: "high",
  },
  {
    ...prefixed("sk-ant-api03-", "[A-Za-z0-9_-]{93}AA", "anthropic-api-key", "Anthropic API key"),
    confidence: "high",
  },
  {
    ...prefixed("sk-ant-admin01-", "[A-Za-z0-9_-]{93}AA", "anthropic-admin-key", "Anthropic admin API key"),
    confidence: "high",
  },
  prefixed("hf_", "[A-Za-z]{34}", "huggingface-access-token", "Hugging Face access token"),
  prefixed("api_org_", "[A-Za-z]{34}", "huggingface-org-token", "Hugging Face organization API token"),
  prefixed("gsk_", "[A-Za-z0-9]{52}", "groq-api-key", "Groq API key"),
  prefixed("r8_", "[A-Za-z0-9]{37}", "replicate-api-token", "Replicate API token"),
  prefixed("pplx-", "[A-Za-z0-9]{48}", "perplexity-api-key", "Perplexity API key"),
  prefixed("xai-", "[A-Za-z0-9]{80}", "xai-api-key", "xAI (Grok) API key"),
  prefixed("sk-or-v1-", "[a-f0-9]{64}", "openrouter-api-key", "OpenRouter API key", 3),
  prefixed("lsv2_", "(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", "langsmith-api-key", "LangSmith API key", 3),
  prefixed("pcsk_", "[A-Za-z0-9]{5,7}_[A-Za-z0-9]{60,70}", "pinecone-api-key", "Pinecone API key"),
  prefixed("tvly-", "(?:dev-)?[A-Za-z0-9]{32}", "tavily-api-key", "Tavily API key"),
  assigned({
    id: "cohere-api-key",
    description: "Cohere API key",
    keywords: ["cohere", "co_api_key"],
    key: "cohere[\\w.-]{0,20}(?:key|token)|co_api_key",
    value: "[A-Za-z0-9]{40}",
    minEntropy: 3.8,
  }),
  assigned({
    id: "mistral-api-key",
    description: "Mistral AI API key",
    keywords: ["mistral"],
    key: "mistral[\\w.-]{0,20}(?:key|token)",
    value: "[A-Za-z0-9]{32}",
    minEntropy: 3.8,
  }),
  assigned({
    id: "wandb-api-key",
    description: "Weights & Biases API key",
    keywords: ["wandb"],
    key: "wandb[\\w.-]{0,20}(?:key|token)",
    value: "[a-f0-9]{40}",
  }),
]);
