"""A real IMAP server for the tests: Debian's Dovecot, started on loopback with TLS only (a
self-signed certificate the client is told to trust), one user, Maildir storage. Skips the test
when Dovecot is not installed (``make test`` installs it as root)."""

from __future__ import annotations

import datetime as dt
import grp
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/home/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Done {{
    auto = create
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
"""


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str
    cafile: str
    root: Path

    def config(self, **extra) -> dict:
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "folder": "INBOX",
            "done_folder": "",
            "cafile": self.cafile,
            **extra,
        }


def _certificate(root: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (root / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (root / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_ready(port: int, cafile: str, log: Path) -> None:
    """Wait (up to 30 s) until the server answers a TLS greeting: readiness, not a timing."""
    context = ssl.create_default_context(cafile=cafile)
    for _ in range(300):
        try:
            with (
                socket.create_connection(("localhost", port), timeout=2) as raw,
                context.wrap_socket(raw, server_hostname="localhost") as tls,
            ):
                if tls.recv(100).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Dovecot did not start: {log.read_text() if log.exists() else ''}")


@pytest.fixture
def imap_server():
    if not os.path.exists(DOVECOT) or os.geteuid() != 0:
        pytest.skip("needs Debian's dovecot-imapd and root (make test installs it)")
    root = Path(tempfile.mkdtemp(prefix="siyalalela-imap-"))
    root.chmod(0o755)
    port = _free_port()
    _certificate(root)
    (root / "passwd").write_text("intake:{PLAIN}s3cret-intake::::::\n")
    home = root / "home" / "intake"
    home.mkdir(parents=True)
    os.chown(home, pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid)
    (root / "dovecot.conf").write_text(CONFIG.format(root=root, port=port))
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(port, str(root / "cert.pem"), root / "dovecot.log")
        yield ImapServer("localhost", port, "intake", "s3cret-intake", str(root / "cert.pem"), root)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
