// biome-ignore-all lint/suspicious/noTemplateCurlyInString: literal ${VAR} references are the near misses
import { pemBlock, wrap64 } from "./makers.js";
import type { Rand } from "./rand.js";

/**
 * Hard negatives: everyday code and configuration that mentions passwords, tokens and keys
 * without holding one. Values that scanners match by shape are built at run time, so this file
 * holds nothing that looks like a credential.
 */
export interface Negative {
  file: string;
  text: string;
}

const x = (n: number) => "x".repeat(n);

export function negatives(r: Rand): Negative[] {
  return [
    {
      file: "src/login.ts",
      text: "const password = req.body.password;\nif (!password || password.length < 8) throw new Error('password too short');\n",
    },
    {
      file: "src/form.html",
      text: '<input type="password" name="password" placeholder="Enter your password" autocomplete="current-password">\n',
    },
    {
      file: "src/i18n/es.json",
      text: '{"password": "Contraseña", "token_expired": "Your session token has expired", "secret": "Secreto"}\n',
    },
    {
      file: "src/types.ts",
      text: "interface Login {\n  password: string;\n  token?: string;\n  apiKey: string | undefined;\n}\n",
    },
    {
      file: "src/env.ts",
      text: "const API_KEY = process.env.API_KEY;\nconst secret = process.env['CLIENT_SECRET'] ?? '';\n",
    },
    {
      file: ".github/workflows/ci.yml",
      text: "env:\n  API_KEY: ${{ secrets.API_KEY }}\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
    },
    {
      file: "chart/templates/secret.yaml",
      text: 'stringData:\n  password: "{{ .Values.db.password }}"\n  token: {{ .Values.token | quote }}\n',
    },
    {
      file: ".env.example",
      text: "AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\nAPI_TOKEN=your-api-token-here\nDB_PASSWORD=changeme\n",
    },
    {
      file: "src/hash.ts",
      text: 'export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";\n',
    },
    {
      file: "src/ids.ts",
      text: 'const requestId = "123e4567-e89b-12d3-a456-426614174000";\nconst commit = "9fceb02d0ae598e95dc970b74767f19372d61af8";\n',
    },
    { file: "config/secrets.yml", text: 'production:\n  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>\n' },
    {
      file: "app/auth.py",
      text: "password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())\ndef login(user, password=None, token=None):\n    return check(user, password)\n",
    },
    {
      file: "openapi.json",
      text: '{"properties": {"password": {"type": "string", "format": "password"}, "token": {"type": "string"}}}\n',
    },
    {
      file: "src/oauth.ts",
      text: 'const tokenUrl = "https://oauth2.googleapis.com/token";\nconst headers = { Authorization: `Bearer ${token}` };\n',
    },
    {
      file: "docs/api.md",
      text: "Send `Authorization: Bearer <token>` with every request.\nUse `curl -u USER:TOKEN https://api.acme.io`.\n",
    },
    {
      file: "docs/setup.md",
      text: "DATABASE_URL=postgres://user:password@localhost:5432/db\nmongodb://localhost:27017/test\nhttps://github.com/acme/repo.git\n",
    },
    { file: "keys/server.pub", text: `${pemBlock("PUBLIC KEY", wrap64(r.base64(270)))}\n` },
    { file: "certs/ca.pem", text: `${pemBlock("CERTIFICATE", wrap64(r.base64(600)))}\n` },
    {
      file: "keys/id_ed25519.pub",
      text: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.base64(32).replace(/=+$/, "")} ci@build\n`,
    },
    {
      file: "src/const.ts",
      text: "export const SECRET_LENGTH = 32;\nexport const TOKEN_TTL_SECONDS = 3600;\nexport const PASSWORD_MIN = 12;\n",
    },
    {
      file: "docs/aws.md",
      text: "Example key id: AKIAIOSFODNN7EXAMPLE, example secret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
    },
    {
      file: "docs/tokens.md",
      text: `A token looks like ghp_${x(36)} or sk_live_${x(24)}; never commit one.\n`,
    },
    {
      file: "compose.yml",
      text: "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:-}\n      password: *db_password\n",
    },
    {
      file: "k8s/deploy.yaml",
      text: "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-secret\n        key: password\n",
    },
    {
      file: "src/crypto.ts",
      text: 'const key = crypto.randomBytes(32).toString("hex");\nconst apiKeyHeader = "x-api-key";\n',
    },
    { file: "src/app.js", text: `const logo = "data:image/png;base64,${r.base64(600)}";\n` },
    {
      file: "package.json",
      text: `{"dependencies": {"left-pad": "1.3.0"}, "integrity": "sha512-${r.base64(64)}"}\n`,
    },
    {
      file: "src/models/user.rb",
      text: "has_secure_password\nvalidates :password, length: { minimum: 12 }\n",
    },
    { file: "README.md", text: "Set `password` in `config.yml`, then run `make token` to mint a token.\n" },
    { file: "src/jwt.ts", text: 'const header = "eyJhbGciOiJIUzI1NiJ9"; // just a header\n' },
    {
      file: "docs/audit-log.md",
      text: `{"auth":{"client_token":"hmac-sha256:6c2d...","accessor":"hmac-sha256:bc28..."},"data":{"password":"hmac-sha256:${r.hex(64)}"}}\n`,
    },
  ];
}
