# Copyright 2026 The secrets-store-csi-driver-provider-aws Swift authors.
# SPDX-License-Identifier: Apache-2.0
"""The rig's AWS Certificate Manager: moto's ACM, issuing certificates as ACM does.

moto signs every certificate it issues with the certificate's own key (under an "Amazon" issuer name), answers
`DescribeCertificate` with the serial as a decimal number, leaves public certificates pending for a minute and cannot
renew. `patch()` makes it issue each certificate from a CA of the rig's own (one standing for a private CA, one for
Amazon's public CA), with that CA's certificate as the chain, so the chain verifies; write the serial as ACM does
(`0c:5e:…`, lowercase hex bytes); and issue public certificates at once. `renew()` gives a certificate a new key and a
new serial behind the same ARN, as a managed renewal does (the rig's `POST /__acm/renew` control endpoint).
"""

import datetime

import cryptography.x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from moto import settings
from moto.acm.models import CertBundle, acm_backends


def _name(common_name):
    return cryptography.x509.Name([cryptography.x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Rig"),
                                   cryptography.x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _authority(common_name):
    """A self-signed CA: (key, certificate)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (cryptography.x509.CertificateBuilder()
                   .subject_name(_name(common_name)).issuer_name(_name(common_name))
                   .public_key(key.public_key()).serial_number(cryptography.x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=3650))
                   .add_extension(cryptography.x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    return key, certificate


PRIVATE_CA = _authority("Rig Private CA")
PUBLIC_CA = _authority("Rig Amazon RSA 2048")


def _issue(domain_name, sans, private):
    """(certificate PEM, key PEM, chain PEM) of a new certificate for `domain_name`, from the rig's CA."""
    ca_key, ca_certificate = PRIVATE_CA if private else PUBLIC_CA
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    names = sorted({domain_name, *(sans or [])})
    certificate = (cryptography.x509.CertificateBuilder()
                   .subject_name(cryptography.x509.Name([cryptography.x509.NameAttribute(NameOID.COMMON_NAME,
                                                                                         domain_name)]))
                   .issuer_name(ca_certificate.subject).public_key(key.public_key())
                   .serial_number(cryptography.x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=395))
                   .add_extension(cryptography.x509.SubjectAlternativeName(
                       [cryptography.x509.DNSName(name) for name in names]), critical=False)
                   .sign(ca_key, hashes.SHA256()))
    return (certificate.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()),
            ca_certificate.public_bytes(serialization.Encoding.PEM))


def _serial_text(number):
    """ACM's serial text: the big-endian bytes as lowercase hex, joined by `:`."""
    raw = number.to_bytes(max(1, (number.bit_length() + 7) // 8), "big")
    return ":".join(f"{byte:02x}" for byte in raw)


def patch():
    """Makes moto issue, describe and export certificates as ACM does (see the module's docstring)."""
    settings.ACM_VALIDATION_WAIT = 0
    original_generate = CertBundle.generate_cert.__func__

    def generate_cert(cls, domain_name, account_id, region, sans=None, cert_authority_arn=None):
        bundle = original_generate(cls, domain_name, account_id, region, sans, cert_authority_arn)
        _replace(bundle, *_issue(domain_name, sans, private=cert_authority_arn is not None))
        return bundle

    CertBundle.generate_cert = classmethod(generate_cert)
    original_describe = CertBundle.describe

    def describe(self):
        result = original_describe(self)
        result["Certificate"]["Serial"] = _serial_text(self._cert.serial_number)
        return result

    CertBundle.describe = describe


def _replace(bundle, certificate, key, chain):
    bundle.cert, bundle.key, bundle.chain = certificate, key, chain
    bundle._key = bundle.validate_pk()
    bundle._cert = bundle.validate_certificate()


def renew(arn, region, account):
    """Gives the certificate at `arn` a new key and serial, from the same CA; returns the new serial text."""
    bundle = acm_backends[account][region].get_certificate(arn)
    sans = [str(name.value) for name in bundle._cert.extensions.get_extension_for_class(
        cryptography.x509.SubjectAlternativeName).value]
    _replace(bundle, *_issue(bundle.common_name, sans, private=bundle.type == "PRIVATE"))
    return _serial_text(bundle._cert.serial_number)
