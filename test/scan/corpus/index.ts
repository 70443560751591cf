import { aiManagerCases } from "./cases-ai-managers.js";
import { chatMailCases } from "./cases-chat-mail.js";
import { cloudCases } from "./cases-cloud.js";
import { genericCases } from "./cases-generic.js";
import { hostCases } from "./cases-hosts.js";
import { keyTokenCases } from "./cases-keys-tokens.js";
import { paymentRegistryCases } from "./cases-payments-registries.js";
import { uriSaasCases } from "./cases-uris-saas.js";
import type { CorpusCase } from "./define.js";

/** The labelled corpus: one case (a true positive and a near miss) per built-in detector. */
export const CORPUS: readonly CorpusCase[] = [
  ...cloudCases,
  ...hostCases,
  ...chatMailCases,
  ...paymentRegistryCases,
  ...aiManagerCases,
  ...keyTokenCases,
  ...uriSaasCases,
  ...genericCases,
];
