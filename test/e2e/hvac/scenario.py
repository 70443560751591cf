"""hvac (the Python Vault client, Debian's python3-hvac) drives a fresh cofre server the way a
Python user would: init and unseal, policies, KV v2 and v1, a restricted token, AppRole, transit and
response wrapping. Prints one JSON object of observations on stdout; the Node test asserts them.
Never prints a secret value or a token."""
import base64
import json
import os
import sys

import hvac
from hvac import exceptions

url = os.environ["COFRE_URL"]
out = {}


def failure(fn):
    """The hvac exception class name fn raises, or None."""
    try:
        fn()
    except exceptions.VaultError as err:
        return type(err).__name__
    return None


admin = hvac.Client(url=url)
out["initialized_before"] = admin.sys.is_initialized()
init = admin.sys.initialize(secret_shares=3, secret_threshold=2)
out["key_count"] = len(init["keys"])
out["sealed_after_init"] = admin.sys.is_sealed()
admin.sys.submit_unseal_keys(init["keys"][:2])
out["sealed_after_unseal"] = admin.sys.is_sealed()
admin.token = init["root_token"]
out["authenticated"] = admin.is_authenticated()
out["health"] = {k: admin.sys.read_health_status(method="GET")[k] for k in ("initialized", "sealed", "standby")}

admin.sys.enable_secrets_engine("kv", path="secret", options={"version": "2"})
out["mounts_have_secret"] = "secret/" in admin.sys.list_mounted_secrets_engines()["data"]
kv = admin.secrets.kv.v2
kv.create_or_update_secret(path="production/myapp/db", secret={"password": "hvac-pw-1", "user": "app"})
kv.create_or_update_secret(path="production/myapp/db", secret={"password": "hvac-pw-2", "user": "app"}, cas=1)
out["cas_conflict"] = failure(
    lambda: kv.create_or_update_secret(path="production/myapp/db", secret={"password": "x"}, cas=1)
)
read = kv.read_secret_version(path="production/myapp/db")
out["version"] = read["data"]["metadata"]["version"]
out["password_matches"] = read["data"]["data"]["password"] == "hvac-pw-2"
out["old_version_matches"] = (
    kv.read_secret_version(path="production/myapp/db", version=1)["data"]["data"]["password"] == "hvac-pw-1"
)
kv.patch(path="production/myapp/db", secret={"port": "5432"})
out["patched_keys"] = sorted(kv.read_secret_version(path="production/myapp/db")["data"]["data"].keys())
kv.create_or_update_secret(path="production/myapp/api", secret={"key": "k"})
out["list"] = sorted(kv.list_secrets(path="production/myapp")["data"]["keys"])
kv.update_metadata(path="production/myapp/db", max_versions=5)
# hvac 0.11's update_metadata predates custom_metadata: its generic write sends it.
admin.write("secret/metadata/production/myapp/db", custom_metadata={"owner": "team-a"})
meta = kv.read_secret_metadata(path="production/myapp/db")["data"]
out["metadata"] = {"max_versions": meta["max_versions"], "owner": meta["custom_metadata"]["owner"],
                   "versions": sorted(meta["versions"].keys())}
kv.delete_latest_version_of_secret(path="production/myapp/api")
out["deleted_read"] = failure(lambda: kv.read_secret_version(path="production/myapp/api"))
kv.undelete_secret_versions(path="production/myapp/api", versions=[1])
out["undeleted"] = kv.read_secret_version(path="production/myapp/api")["data"]["data"] == {"key": "k"}
kv.delete_metadata_and_all_versions(path="production/myapp/api")
out["list_after_delete"] = kv.list_secrets(path="production/myapp")["data"]["keys"]

admin.sys.enable_secrets_engine("kv", path="legacy", options={"version": "1"})
admin.secrets.kv.v1.create_or_update_secret(path="app", secret={"a": "1"}, mount_point="legacy")
out["kv1"] = admin.secrets.kv.v1.read_secret(path="app", mount_point="legacy")["data"]

admin.sys.create_or_update_policy(
    name="myapp",
    policy='path "secret/data/production/myapp/*" { capabilities = ["read"] }\n'
           'path "secret/metadata/production/myapp/*" { capabilities = ["list"] }\n',
)
out["policies"] = sorted(admin.sys.list_policies()["data"]["policies"])
app_token = admin.auth.token.create(policies=["myapp"], ttl="1h")["auth"]["client_token"]
app = hvac.Client(url=url, token=app_token)
out["app_read_ok"] = app.secrets.kv.v2.read_secret_version(path="production/myapp/db")["data"]["data"]["user"] == "app"
out["app_list"] = app.secrets.kv.v2.list_secrets(path="production/myapp")["data"]["keys"]
out["app_write_denied"] = failure(
    lambda: app.secrets.kv.v2.create_or_update_secret(path="production/myapp/db", secret={"p": "x"})
)
out["app_other_denied"] = failure(lambda: app.secrets.kv.v2.read_secret_version(path="production/other/db"))
self_info = app.auth.token.lookup_self()["data"]
out["app_policies"] = sorted(self_info["policies"])
out["renewed_ttl"] = app.auth.token.renew_self(increment="30m")["auth"]["lease_duration"]
app.auth.token.revoke_self()
out["revoked_token_denied"] = failure(lambda: app.secrets.kv.v2.read_secret_version(path="production/myapp/db"))

admin.sys.enable_auth_method("approle")
admin.auth.approle.create_or_update_approle(role_name="web", token_policies=["myapp"], token_ttl="10m")
role_id = admin.auth.approle.read_role_id(role_name="web")["data"]["role_id"]
secret_id = admin.auth.approle.generate_secret_id(role_name="web")["data"]["secret_id"]
machine = hvac.Client(url=url)
login = machine.auth.approle.login(role_id=role_id, secret_id=secret_id)
out["approle_policies"] = sorted(login["auth"]["policies"])
out["approle_ttl"] = login["auth"]["lease_duration"]
out["approle_read_ok"] = (
    machine.secrets.kv.v2.read_secret_version(path="production/myapp/db")["data"]["data"]["user"] == "app"
)
out["approle_bad_secret"] = failure(lambda: hvac.Client(url=url).auth.approle.login(role_id=role_id, secret_id="nope"))

admin.sys.enable_auth_method("userpass")
admin.auth.userpass.create_or_update_user("dana", "dana-pw-0123456", policies=["myapp"])
person = hvac.Client(url=url)
out["userpass_policies"] = sorted(person.auth.userpass.login("dana", "dana-pw-0123456")["auth"]["policies"])
out["userpass_wrong_password"] = failure(lambda: hvac.Client(url=url).auth.userpass.login("dana", "nope-nope-nope"))
entity_id = person.auth.token.lookup_self()["data"]["entity_id"]
ident = admin.secrets.identity
ident.update_entity(entity_id=entity_id, name="dana", policies=["ops"])
group = ident.create_or_update_group(name="readers", policies=["readers"], member_entity_ids=[entity_id])
out["identity_group_members"] = ident.read_group(group["data"]["id"])["data"]["member_entity_ids"] == [entity_id]
out["identity_lookup"] = ident.lookup_entity(name="dana")["data"]["id"] == entity_id
out["identity_policies"] = sorted(person.auth.token.lookup_self()["data"]["identity_policies"])
admin.sys.tune_mount_configuration("secret", max_lease_ttl="2h")
out["tuned_max_ttl"] = admin.sys.read_mount_configuration("secret")["data"]["max_lease_ttl"]

admin.sys.enable_secrets_engine("transit")
admin.secrets.transit.create_key(name="orders")
plaintext = base64.b64encode(b"card 4111").decode()
ciphertext = admin.secrets.transit.encrypt_data(name="orders", plaintext=plaintext)["data"]["ciphertext"]
out["ciphertext_prefix"] = ciphertext.split(":")[0] + ":" + ciphertext.split(":")[1]
out["decrypted"] = admin.secrets.transit.decrypt_data(name="orders", ciphertext=ciphertext)["data"]["plaintext"] == plaintext

wrapped = admin.auth.token.create(policies=["myapp"], ttl="1h", wrap_ttl="60s")
out["wrap_ttl"] = wrapped["wrap_info"]["ttl"]
# The recipient holds only the wrapping token and uses it as its own token, as the Vault CLI does.
unwrapped = hvac.Client(url=url, token=wrapped["wrap_info"]["token"]).sys.unwrap()
out["unwrapped_policies"] = sorted(unwrapped["auth"]["policies"])
out["second_unwrap"] = failure(lambda: admin.sys.unwrap(token=wrapped["wrap_info"]["token"]))

admin.sys.seal()
out["sealed_at_end"] = admin.sys.is_sealed()
out["sealed_read"] = failure(lambda: admin.secrets.kv.v2.read_secret_version(path="production/myapp/db"))

json.dump(out, sys.stdout)
