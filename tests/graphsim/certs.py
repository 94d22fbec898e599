"""Certificates for one simulator run: a throwaway CA, the server certificate, client certificates.

Everything is generated fresh per run and written to a temporary directory, so no test ever
depends on a key that lives in the repository.
"""

import datetime
import hashlib
import ipaddress
import os
import tempfile
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_PEM = serialization.Encoding.PEM


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _validity(builder):
    now = datetime.datetime.now(datetime.timezone.utc)
    # Back-dated a little so a client clock slightly behind ours still accepts it.
    return builder.not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(
        now + datetime.timedelta(days=7))


def _key_pem(key, password=None):
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    return key.private_bytes(_PEM, serialization.PrivateFormat.PKCS8, encryption).decode()


def thumbprints(cert):
    """(SHA-1 hex, SHA-256 hex) of a certificate, upper case as the Azure portal shows them."""
    der = cert.public_bytes(serialization.Encoding.DER)
    return hashlib.sha1(der).hexdigest().upper(), hashlib.sha256(der).hexdigest().upper()


@dataclass
class ClientCert:
    """A client certificate for certificate credentials, in every form a test may need."""
    cert: x509.Certificate
    cert_pem: str
    key_pem: str
    pem_path: str            # private key and certificate in one file
    pfx_path: str            # PKCS#12 without a password
    pfx_password_path: str   # PKCS#12 protected by `pfx_password`
    pfx_password: str
    sha1_thumbprint: str
    sha256_thumbprint: str


class CertificateAuthority:
    """A CA made for this run, plus the server certificate it signs for 127.0.0.1 and localhost."""

    def __init__(self, directory=None):
        self._tmp = None
        if directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="graphsim-")
            directory = self._tmp.name
        self.directory = directory
        # ECDSA P-256: key generation is instant, which keeps start-up fast.
        self._key = ec.generate_private_key(ec.SECP256R1())
        builder = x509.CertificateBuilder().subject_name(_name("graphsim test CA")).issuer_name(
            _name("graphsim test CA")).public_key(self._key.public_key()).serial_number(
            x509.random_serial_number())
        builder = _validity(builder).add_extension(
            x509.BasicConstraints(ca=True, path_length=0), critical=True).add_extension(
            x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                          content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False,
                          encipher_only=False, decipher_only=False), critical=True).add_extension(
            x509.SubjectKeyIdentifier.from_public_key(self._key.public_key()), critical=False)
        self.cert = builder.sign(self._key, hashes.SHA256())
        self.ca_path = self._write("ca.pem", self.cert.public_bytes(_PEM).decode())
        self.server_cert_path, self.server_key_path = self._server_cert()

    def _write(self, filename, data, mode="w"):
        path = os.path.join(self.directory, filename)
        with open(path, mode) as handle:
            handle.write(data)
        return path

    def _server_cert(self):
        key = ec.generate_private_key(ec.SECP256R1())
        san = x509.SubjectAlternativeName([
            x509.DNSName("localhost"),
            x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
            x509.IPAddress(ipaddress.ip_address("::1")),
        ])
        builder = x509.CertificateBuilder().subject_name(_name("127.0.0.1")).issuer_name(
            self.cert.subject).public_key(key.public_key()).serial_number(
            x509.random_serial_number())
        builder = _validity(builder).add_extension(san, critical=False).add_extension(
            x509.BasicConstraints(ca=False, path_length=None), critical=True).add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(self._key.public_key()),
            critical=False)
        cert = builder.sign(self._key, hashes.SHA256())
        return (self._write("server.pem", cert.public_bytes(_PEM).decode()),
                self._write("server.key", _key_pem(key)))

    def make_client_cert(self, name="graphsim-client", pfx_password="pfx-pass"):
        """A self-signed RSA client certificate, as Entra app registrations commonly hold.

        RSA because Entra signs and checks client assertions with RS256 / PS256.
        """
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        builder = x509.CertificateBuilder().subject_name(_name(name)).issuer_name(
            _name(name)).public_key(key.public_key()).serial_number(x509.random_serial_number())
        cert = _validity(builder).sign(key, hashes.SHA256())
        cert_pem = cert.public_bytes(_PEM).decode()
        key_pem = _key_pem(key)
        sha1, sha256 = thumbprints(cert)
        no_password = pkcs12.serialize_key_and_certificates(
            name.encode(), key, cert, None, serialization.NoEncryption())
        with_password = pkcs12.serialize_key_and_certificates(
            name.encode(), key, cert, None,
            serialization.BestAvailableEncryption(pfx_password.encode()))
        return ClientCert(
            cert=cert, cert_pem=cert_pem, key_pem=key_pem,
            pem_path=self._write(name + ".pem", key_pem + cert_pem),
            pfx_path=self._write(name + ".pfx", no_password, "wb"),
            pfx_password_path=self._write(name + "-password.pfx", with_password, "wb"),
            pfx_password=pfx_password, sha1_thumbprint=sha1, sha256_thumbprint=sha256)

    def cleanup(self):
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
