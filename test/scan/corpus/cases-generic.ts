// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} references are the near misses
import type { CorpusCase } from "./define.js";

export const genericCases: CorpusCase[] = [
  {
    rule: "generic-password",
    file: ".env",
    positive: (r) => {
      const v = `${r.str(12)}9!`;
      return { text: `DB_HOST=db.internal\nDB_PASSWORD=${v}\n`, secret: v };
    },
    nearMiss: () => "DB_HOST=db.internal\nDB_PASSWORD=\n",
  },
  {
    rule: "generic-secret",
    file: "config/oauth.yaml",
    positive: (r) => {
      const v = r.str(32);
      return { text: `oauth:\n  client_id: web\n  client_secret: "${v}"\n`, secret: v };
    },
    nearMiss: () => "oauth:\n  client_id: web\n  secret_name: oauth-client-credentials\n",
  },
  {
    rule: "generic-api-key",
    file: "app/settings.py",
    positive: (r) => {
      const v = r.str(32);
      return { text: `API_KEY = "${v}"\n`, secret: v };
    },
    nearMiss: () => 'api_key = os.environ["API_KEY"]\n',
  },
  {
    rule: "generic-token",
    file: "config/client.yml",
    positive: (r) => {
      const v = r.str(40);
      return { text: `client:\n  auth_token: "${v}"\n`, secret: v };
    },
    nearMiss: () => 'client:\n  token_type: "Bearer"\n',
  },
  {
    rule: "xml-password",
    file: "settings.xml",
    positive: (r) => {
      const v = `${r.str(14)}7`;
      return { text: `<server>\n  <id>releases</id>\n  <password>${v}</password>\n</server>\n`, secret: v };
    },
    nearMiss: () =>
      "<server>\n  <id>releases</id>\n  <password>${env.MAVEN_PASSWORD}</password>\n</server>\n",
  },
];
