# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""Many objects by one name, end to end: SSM parameters by path (`/app/*` one level, `/app/**` every level, through
`GetParametersByPath`) and Secrets Manager secrets by exact prefix (`prod/app/*`, through `BatchGetSecretValue` with a
`name` filter that the rig answers as broadly as AWS does), each match written as if listed by its name; wildcards
beside listed objects; the bounds and errors; failover; rotation through the provider's own reconciliation with the
calls counted page by page; and the IAM refusals, each naming the permissions a wildcard needs."""


import driver
import mountkit
import pytest
from mountkit import read_tree, unique

PRIMARY, FAILOVER = "us-east-1", "us-west-2"
FIRST_LEVEL, NESTED = 18, 7


_mount = mountkit.mount_in


def _refused(provider, ns, objects, target, **parameters):
    with pytest.raises(driver.grpc.RpcError) as failure:
        _mount(provider, ns, objects, target, **parameters)
    return failure.value


def _seed_path(kit, root, region=PRIMARY):
    """25 parameters under `root`: 18 directly (every third a SecureString), 7 under `root/nested`; returns
    {name: value}."""
    values = {}
    for index in range(FIRST_LEVEL):
        name, value = f"{root}/p{index:02d}", f"value-{index}-{region}"
        kit.parameter(name, value, region=region, kind="SecureString" if index % 3 == 0 else "String")
        values[name] = value
    for index in range(NESTED):
        name, value = f"{root}/nested/n{index}", f"nested-{index}-{region}"
        kit.parameter(name, value, region=region)
        values[name] = value
    kit.parameter(root + "x/outside", "not under the path", region=region)
    return values


def _file_name(name, translation):
    if translation == "False":
        return name.lstrip("/")
    return name.replace("/", translation or "_")


@pytest.mark.parametrize("pattern, count, pages", [("*", FIRST_LEVEL, 2), ("**", FIRST_LEVEL + NESTED, 3)])
@pytest.mark.parametrize("translation", [None, "-", "False"])
def test_parameters_by_path(kit, provider, target, ns, pattern, count, pages, translation):
    root = "/" + unique("app")
    values = _seed_path(kit, root)
    matched = {name: value for name, value in values.items() if pattern == "**" or "/nested/" not in name}
    assert len(matched) == count
    kit.clear_calls()
    extra = {"pathTranslation": translation} if translation else {}
    objects = [{"objectName": f"{root}/{pattern}", "objectType": "ssmparameter", "filePermission": "0640"}]
    response = _mount(provider, ns, objects, target, **extra)
    expected = {_file_name(name, translation): (value.encode(), 0o640) for name, value in matched.items()}
    assert read_tree(target) == expected
    assert {v.id: v.version for v in response.object_version} == {path: "1" for path in expected}
    listing = kit.calls("GetParametersByPath")
    # 18 parameters are a page of 10 and one of 8; 25 are pages of 10, 10 and 5.
    assert len(listing) == pages and all(call["status"] == 200 for call in listing)
    assert kit.calls("GetParameters") == [] and kit.calls("GetParameter") == []


def test_secrets_by_exact_prefix(kit, provider, target, ns):
    tenant = unique("t")
    prefix = f"{tenant}/prod/app/"
    for index in range(45):
        kit.secret(f"{prefix}s{index:02d}", string=f"secret-{index}")
    # AWS's name filter finds these too (another case, or the prefix's words inside the name): none may be mounted.
    others = [f"{tenant}/Prod/App/upper", f"{tenant.upper()}/PROD/APP/shout", f"team/{tenant}/prod/app/word",
              f"{tenant}/prod/application", f"{tenant}/prod/app-x"]
    for name in others:
        kit.secret(name, string="must not be mounted")
    kit.clear_calls()
    response = _mount(provider, ns, [{"objectName": prefix + "*", "objectType": "secretsmanager"}], target)
    calls = kit.calls()
    files = read_tree(target)
    assert files == {f"{prefix}s{i:02d}".replace("/", "_"): (f"secret-{i}".encode(), 0o644) for i in range(45)}
    assert len(response.object_version) == 45
    # The rig answers as broadly as AWS: count what its filter returns, and the pages that takes.
    answered, token = 0, None
    while True:
        page = kit.client("secretsmanager", PRIMARY).batch_get_secret_value(
            Filters=[{"Key": "name", "Values": [prefix]}], MaxResults=20, **({"NextToken": token} if token else {}))
        answered += len(page["SecretValues"])
        token = page.get("NextToken")
        if not token:
            break
    assert answered > 45
    batches = [call for call in calls if call["operation"] == "BatchGetSecretValue"]
    assert len(batches) == -(-answered // 20), batches
    assert [call for call in calls if call["operation"] in ("GetSecretValue", "ListSecrets")] == []


def test_a_wildcard_beside_listed_objects(kit, provider, target, ns):
    root = "/" + unique("app")
    kit.parameter(f"{root}/a", "a-value")
    kit.parameter(f"{root}/b", "b-value")
    secret = unique("db")
    kit.secret(secret, string='{"user": "app"}')
    objects = [{"objectName": f"{root}/*", "objectType": "ssmparameter"},
               {"objectName": secret, "objectType": "secretsmanager", "objectAlias": "db",
                "jmesPath": [{"path": "user", "objectAlias": "user"}]},
               {"objectName": f"{root}/a", "objectType": "ssmparameter", "objectAlias": "a-again"}]
    _mount(provider, ns, objects, target)
    assert {path: contents for path, (contents, _) in read_tree(target).items()} == {
        _file_name(f"{root}/a", None): b"a-value", _file_name(f"{root}/b", None): b"b-value",
        "db": b'{"user": "app"}', "user": b"app", "a-again": b"a-value"}


def test_no_match_and_collisions_fail_and_write_nothing(kit, provider, target, ns):
    root = "/" + unique("app")
    kit.parameter(f"{root}/a", "a-value")
    empty = _refused(provider, ns, [{"objectName": f"{root}/none/*", "objectType": "ssmparameter"}], target)
    assert empty.code() == driver.grpc.StatusCode.NOT_FOUND
    assert f"the wildcard {root}/none/* matches nothing" in empty.details()
    collision = _refused(provider, ns, [{"objectName": f"{root}/*", "objectType": "ssmparameter"},
                                        {"objectName": f"{root}/a", "objectType": "ssmparameter"}], target)
    assert collision.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
    details = collision.details()
    assert f"ssmparameter {root}/a (matched by {root}/*, objects[0])" in details
    assert f"is also written by the own file of objects[1] (ssmparameter {root}/a)" in details
    assert read_tree(target) == {}


def test_matches_that_collide_with_each_other_fail(kit, provider, target, ns):
    root = "/" + unique("app")
    kit.parameter(f"{root}/a_b", "one")
    kit.parameter(f"{root}/a/b", "two")
    failure = _refused(provider, ns, [{"objectName": f"{root}/**", "objectType": "ssmparameter"}], target)
    assert f"the file {_file_name(root, None)}_a_b is also written by ssmparameter" in failure.details()
    assert read_tree(target) == {}


def test_too_many_matches_name_the_flag(kit, rig_provider, target, ns):
    provider = rig_provider("--max-wildcard-matches=10")
    root = "/" + unique("app")
    _seed_path(kit, root)
    failure = _refused(provider, ns, [{"objectName": f"{root}/*", "objectType": "ssmparameter"}], target)
    assert failure.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
    assert "it matches more than 10 objects; raise --max-wildcard-matches (10)" in failure.details()
    assert read_tree(target) == {}


@pytest.mark.parametrize("field, value, message", [
    ("objectAlias", "app", "one objectAlias cannot name them"),
    ("objectVersion", "2", "objectVersion pins one object's version"),
    ("objectVersionLabel", "blue", "cannot select a label"),
    ("jmesPath", [{"path": "a", "objectAlias": "a"}], "jmesPath entries name one file each"),
    ("failoverObject", {"objectName": "/dr/*"}, "failoverObject cannot rename or pin it"),
])
def test_forbidden_fields_are_refused_before_any_aws_call(kit, provider, target, ns, field, value, message):
    kit.clear_calls()
    failure = _refused(provider, ns, [{"objectName": "/app/*", "objectType": "ssmparameter", field: value}], target,
                       failoverRegion=FAILOVER)
    assert failure.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
    assert f"field {field}: " in failure.details() and message in failure.details()
    assert [call for call in kit.calls() if call["service"] in ("ssm", "secretsmanager")] == []


def test_failover_with_the_primary_region_down(kit, provider, target, ns):
    root = "/" + unique("app")
    _seed_path(kit, root, region=PRIMARY)
    failover_values = _seed_path(kit, root, region=FAILOVER)
    prefix = unique("t") + "/"
    kit.secret(prefix + "s", region=FAILOVER, string="from-failover")
    kit.secret(prefix + "s", region=PRIMARY, string="from-primary")
    for operation in ("GetParametersByPath", "BatchGetSecretValue"):
        kit.fault(operation, region=PRIMARY, status=503, code="ServiceUnavailable")
    objects = [{"objectName": f"{root}/*", "objectType": "ssmparameter"},
               {"objectName": prefix + "*", "objectType": "secretsmanager"}]
    _mount(provider, ns, objects, target, failoverRegion=FAILOVER)
    files = {path: contents for path, (contents, _) in read_tree(target).items()}
    assert files[_file_name(prefix + "s", None)] == b"from-failover"
    assert files[_file_name(f"{root}/p01", None)] == failover_values[f"{root}/p01"].encode()
    assert len(files) == FIRST_LEVEL + 1


_passes = mountkit.reconcile_passes
_wait = mountkit.wait_for

def test_rotation_through_reconciliation_lists_page_by_page(kit, rig_provider, target, ns):
    provider = rig_provider("--reconcile-interval=2s", "--cache-ttl=1s")
    root = "/" + unique("rot")
    for index in range(12):
        kit.parameter(f"{root}/p{index:02d}", f"v1-{index}")
    _mount(provider, ns, [{"objectName": f"{root}/*", "objectType": "ssmparameter"}], target)
    name = lambda index: _file_name(f"{root}/p{index:02d}", None)  # noqa: E731
    assert len(read_tree(target)) == 12

    kit.parameter(f"{root}/p12", "added")
    kit.client("ssm", PRIMARY).delete_parameter(Name=f"{root}/p00")
    kit.parameter(f"{root}/p05", "changed")
    expected = {name(i): f"v1-{i}".encode() for i in range(1, 12)} | {name(12): b"added", name(5): b"changed"}
    assert _wait(lambda: {p: c for p, (c, _) in read_tree(target).items()} == expected), read_tree(target)
    assert not [entry for entry in read_tree(target) if entry == name(0)]

    # One pass lists the path once: 12 parameters are two pages, and nothing else is called. Passes are 2 s apart,
    # so counting from just after one pass to just after the next sees exactly one pass's calls.
    before = _passes(provider)
    assert _wait(lambda: _passes(provider) > before)
    kit.clear_calls()
    settled = _passes(provider)
    assert _wait(lambda: _passes(provider) > settled)
    calls = [call for call in kit.calls() if call["service"] in ("ssm", "secretsmanager")]
    assert [call["operation"] for call in calls] == ["GetParametersByPath"] * 2, calls


def test_iam_refusals_name_what_a_wildcard_needs(kit, rig, provider, target):
    ssm_ns, sm_ns = unique("ns"), unique("ns")
    kit.pod(ssm_ns, "app", "app", role_arn=rig["ssm_other_path_role_arn"])
    kit.pod(sm_ns, "app", "app", role_arn=rig["no_list_role_arn"])
    root = "/" + unique("app")
    kit.parameter(f"{root}/a", "a-value")
    allowed = f"/rig/other/{unique('p')}"
    kit.parameter(allowed, "allowed")

    denied = _refused(provider, ssm_ns, [{"objectName": f"{root}/*", "objectType": "ssmparameter"}], target)
    assert denied.code() == driver.grpc.StatusCode.PERMISSION_DENIED
    assert f"a wildcard needs ssm:GetParametersByPath on arn:aws:ssm:{PRIMARY}:<account>:parameter{root}" \
        in denied.details()
    _mount(provider, ssm_ns, [{"objectName": "/rig/other/*", "objectType": "ssmparameter"}], target)
    assert read_tree(target)[_file_name(allowed, None)] == (b"allowed", 0o644)

    secret = unique("t") + "/a"
    kit.secret(secret, string="v")
    refused = _refused(provider, sm_ns, [{"objectName": secret[:-1] + "*", "objectType": "secretsmanager"}], target)
    assert refused.code() == driver.grpc.StatusCode.PERMISSION_DENIED
    assert "secretsmanager:ListSecrets and secretsmanager:BatchGetSecretValue on \"*\"" in refused.details()
    assert "secretsmanager:GetSecretValue on the secrets it matches" in refused.details()
