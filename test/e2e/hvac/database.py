"""hvac drives cofre's database engine against a real PostgreSQL: a connection, a role, leased
credentials (renewed, then revoked), rotate-root. Prints JSON observations; the generated user
name is printed (the test checks it in PostgreSQL), never a password."""
import json
import os
import sys

import hvac
from hvac import exceptions

c = hvac.Client(url=os.environ["COFRE_URL"], token=os.environ["COFRE_TOKEN"])
db = c.secrets.database
out = {}
c.sys.enable_secrets_engine("database")
db.configure(
    name="pg",
    plugin_name="postgresql-database-plugin",
    connection_url=os.environ["PG_TEMPLATED_URL"],
    username=os.environ["PG_ROOT_USER"],
    password=os.environ["PG_ROOT_PASSWORD"],
    allowed_roles=["readonly"],
)
conn = db.read_connection("pg")["data"]
out["connection_plugin"] = conn["plugin_name"]
out["connection_hides_password"] = os.environ["PG_ROOT_PASSWORD"] not in json.dumps(conn)
db.create_role(
    name="readonly",
    db_name="pg",
    creation_statements=[
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";",
    ],
    default_ttl="1h",
    max_ttl="24h",
)
out["roles"] = db.list_roles()["data"]["keys"]
out["role_ttl"] = db.read_role("readonly")["data"]["default_ttl"]
creds = db.generate_credentials("readonly")
out["lease_duration"] = creds["lease_duration"]
out["renewable"] = creds["renewable"]
out["username"] = creds["data"]["username"]
out["lease_prefix"] = creds["lease_id"].rsplit("/", 1)[0]
out["renewed"] = c.sys.renew_lease(creds["lease_id"], increment=600)["lease_duration"]
c.sys.revoke_lease(creds["lease_id"])
try:
    c.sys.read_lease(creds["lease_id"])
    out["lease_after_revoke"] = "still there"
except exceptions.InvalidRequest:
    out["lease_after_revoke"] = "gone"
db.rotate_root_credentials("pg")
out["creds_after_rotate_root"] = bool(db.generate_credentials("readonly")["data"]["username"])
try:
    db.generate_credentials("nope")
    out["unknown_role"] = None
except exceptions.VaultError as err:
    out["unknown_role"] = type(err).__name__
json.dump(out, sys.stdout)
