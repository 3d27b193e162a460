# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""ACM certificates, end to end: the rig's ACM issues certificates from its own CAs (one standing for a private CA, one
for a public certificate requested with export enabled); the provider exports each with a passphrase of its own,
decrypts the key in memory and writes the PEM bundle and the jmesPath files of the export, which Python's
`cryptography` checks (the key is the certificate's, the chain verifies, the key file is 0600). A renewal behind the
same ARN reaches a running mount through reconciliation, and a check without change costs one DescribeCertificate.
Every error names the certificate and the permission, and no key, passphrase or certificate body reaches an error,
a log line or a metric."""

import tempfile
import urllib.request

import driver
import mountkit
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from mountkit import read_tree

_mount = mountkit.mount_in
PRIVATE_CA_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/rig-private-ca"


def _request(kit, private=True, export=True, region="us-east-1"):
    """A new certificate's ARN: from the rig's private CA, or a public one (exportable when `export`)."""
    acm = kit.client("acm", region)
    arguments = {"DomainName": mountkit.unique("app") + ".test"}
    if private:
        arguments["CertificateAuthorityArn"] = PRIVATE_CA_ARN.replace("us-east-1", region)
    elif export:
        arguments["Options"] = {"Export": "ENABLED"}
    return acm.request_certificate(**arguments)["CertificateArn"]


def _serial(kit, arn, region="us-east-1"):
    return kit.client("acm", region).describe_certificate(CertificateArn=arn)["Certificate"]["Serial"]


def _objects(arn, **extra):
    return [{"objectName": arn, "objectType": "acmcertificate", "objectAlias": "bundle.pem", **extra, "jmesPath": [
        {"path": "certificate", "objectAlias": "tls.crt"},
        {"path": "privateKey", "objectAlias": "tls.key", "filePermission": "0600"},
        {"path": "join('', [certificate, certificateChain])", "objectAlias": "fullchain.pem"}]}]


def _check(files):
    """The files belong together: the key is the certificate's, the chain verifies; returns the certificate."""
    key = serialization.load_pem_private_key(files["tls.key"][0], password=None)
    certificate = x509.load_pem_x509_certificate(files["tls.crt"][0])
    assert key.public_key().public_numbers() == certificate.public_key().public_numbers()
    chain = x509.load_pem_x509_certificates(files["fullchain.pem"][0])
    assert chain[0] == certificate and len(chain) >= 2
    certificate.verify_directly_issued_by(chain[1])
    assert files["tls.key"][1] == 0o600 and files["tls.crt"][1] == 0o644
    assert files["tls.key"][0].endswith(b"-----END PRIVATE KEY-----\n")
    assert files["bundle.pem"][0] == files["tls.key"][0] + files["fullchain.pem"][0]
    return certificate


@pytest.mark.parametrize("private", [True, False], ids=["private CA", "public, export enabled"])
def test_a_certificate_its_chain_and_its_key(kit, provider, target, ns, private):
    arn = _request(kit, private=private)
    kit.clear_calls()
    response = _mount(provider, ns, _objects(arn), target)
    operations = [call["operation"] for call in kit.calls() if call["service"] == "acm"]
    assert operations == ["DescribeCertificate", "ExportCertificate"]
    files = read_tree(target)
    certificate = _check(files)
    serial = _serial(kit, arn)
    assert ":".join(f"{b:02x}" for b in certificate.serial_number.to_bytes(20, "big").lstrip(b"\0")) == serial
    assert {v.id: v.version for v in response.object_version} == {
        name: serial for name in ("bundle.pem", "tls.crt", "tls.key", "fullchain.pem")}


_passes = mountkit.reconcile_passes
_wait = mountkit.wait_for

def test_a_renewal_reaches_a_running_mount_and_a_check_costs_one_describe(kit, rig, rig_provider, target, ns):
    provider = rig_provider("--reconcile-interval=2s", "--cache-ttl=1s")
    arn = _request(kit)
    _mount(provider, ns, _objects(arn), target)
    before = _check(read_tree(target))
    renewed = mountkit.control(rig["aws"] + "/__acm/renew", "POST", {"arn": arn})["serial"]
    assert _wait(lambda: _check(read_tree(target)).serial_number != before.serial_number)
    assert _serial(kit, arn) == renewed

    # One pass after the renewal was written: the same serial, so one DescribeCertificate and no export.
    settled = _passes(provider)
    assert _wait(lambda: _passes(provider) > settled)
    kit.clear_calls()
    counted = _passes(provider)
    assert _wait(lambda: _passes(provider) > counted)
    operations = [call["operation"] for call in kit.calls() if call["service"] == "acm"]
    assert operations == ["DescribeCertificate"], operations


def _refused(provider, ns, objects, target):
    with pytest.raises(driver.grpc.RpcError) as failure:
        _mount(provider, ns, objects, target)
    return failure.value


@pytest.mark.parametrize("operation, code, status, grpc_code, message", [
    ("DescribeCertificate", "AccessDeniedException", 400, "PERMISSION_DENIED", "`acm:DescribeCertificate` on"),
    ("ExportCertificate", "AccessDeniedException", 400, "PERMISSION_DENIED", "`acm:ExportCertificate` on"),
    ("ExportCertificate", "ValidationException", 400, "INVALID_ARGUMENT",
     "cannot be exported: only certificates issued by a private CA and public certificates requested with export"),
])
def test_refusals_name_what_is_missing(kit, provider, target, ns, operation, code, status, grpc_code, message):
    arn = _request(kit)
    kit.fault(operation, status=status, code=code, count=1)
    failure = _refused(provider, ns, _objects(arn), target)
    assert failure.code() == getattr(driver.grpc.StatusCode, grpc_code), failure.details()
    assert message in failure.details() and arn in failure.details(), failure.details()
    assert read_tree(target) == {}


def test_a_public_certificate_without_export_is_refused_before_any_export(kit, provider, target, ns):
    arn = _request(kit, private=False, export=False)
    kit.clear_calls()
    failure = _refused(provider, ns, _objects(arn), target)
    assert failure.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
    assert f"certificate {arn} in us-east-1 cannot be exported" in failure.details()
    assert [c["operation"] for c in kit.calls() if c["service"] == "acm"] == ["DescribeCertificate"]


def test_an_arn_in_another_region_is_refused_before_any_call(kit, provider, target, ns):
    arn = _request(kit, region="us-west-2")
    kit.clear_calls()
    failure = _refused(provider, ns, _objects(arn), target)
    assert failure.code() == driver.grpc.StatusCode.INVALID_ARGUMENT
    assert "ARN region must match region us-east-1" in failure.details() and arn in failure.details()
    assert [c for c in kit.calls() if c["service"] == "acm"] == []



def test_no_key_passphrase_or_certificate_body_is_ever_shown(kit, tracing, target, ns):
    arn = _request(kit)
    _mount(tracing, ns, _objects(arn), target)
    files = read_tree(target)
    secret_lines = [line for name in ("tls.key", "tls.crt") for line in files[name][0].decode().splitlines()
                    if not line.startswith("-----")]
    kit.fault("ExportCertificate", status=500, code="InternalFailure")
    other = _request(kit)
    try:
        _refused(tracing, ns, _objects(other), tempfile.mkdtemp(prefix="e2e-target-", dir="/tmp"))
    finally:
        kit.clear_faults()
    with urllib.request.urlopen(tracing.metrics_url + "/metrics", timeout=10) as response:
        exposition = response.read().decode()
    log = tracing.log()
    assert "acm" in exposition and arn not in exposition  # the calls are counted, labelled by service only
    for line in secret_lines:
        assert line not in log and line not in exposition
    assert "Passphrase" not in log and "ENCRYPTED PRIVATE KEY" not in log
