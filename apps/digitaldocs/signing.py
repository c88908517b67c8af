"""The office's signing key: a PKCS#12 file or a PKCS#11 token in production, a generated local one otherwise.

Settings (``sipon/settings.py``): ``SIPON_SIGNING_BACKEND`` = ``local`` (default: a self-signed certificate
generated once under ``var/signing/``, its subject saying it is NOT the national one), ``pkcs12``
(``SIPON_SIGNING_PKCS12_PATH`` + ``SIPON_SIGNING_PKCS12_PASSPHRASE``) or ``pkcs11``
(``SIPON_SIGNING_PKCS11_MODULE``, ``SIPON_SIGNING_PKCS11_TOKEN``, ``SIPON_SIGNING_PKCS11_KEY``,
``SIPON_SIGNING_PKCS11_PIN``). See ``docs/deploy.md``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import model as xmp
from pyhanko.sign import fields, signers

# Marks the generated certificate: shown on the verification page and in the certificate subject.
LOCAL_MARK = "LOKAL - BUKAN sertifikat elektronik nasional (BSrE)"

_lock = threading.Lock()
_cached: dict[str, Any] = {}


def local_p12_path() -> Path:
    return Path(settings.VAR_DIR) / "signing" / "local-signer.p12"


def ensure_local_certificate() -> Path:
    """Generate the local signing key and self-signed certificate once (``make setup``/``make run``)."""
    path = local_p12_path()
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Disdukcapil Kabupaten Klaten (Sipon)"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, LOCAL_MARK),
        x509.NameAttribute(NameOID.COMMON_NAME, "Sipon penanda tangan lokal (uji coba)"),
    ])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"sipon-local", key, cert, None, serialization.NoEncryption()
    )
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.chmod(0o600)
    tmp.replace(path)  # two processes racing both write a valid file; one wins
    return path


def _load() -> Any:
    backend = settings.SIPON_SIGNING_BACKEND
    if backend == "pkcs11":  # pragma: no cover - needs a hardware token
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11  # optional extra: pip install 'pyhanko[pkcs11]'

        session = pkcs11.open_pkcs11_session(
            settings.SIPON_SIGNING_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=settings.SIPON_SIGNING_PKCS11_TOKEN or None),
            user_pin=settings.SIPON_SIGNING_PKCS11_PIN or None,
        )
        label = settings.SIPON_SIGNING_PKCS11_KEY
        return pkcs11.PKCS11Signer(session, key_label=label, cert_label=label)
    if backend == "pkcs12":
        path = Path(settings.SIPON_SIGNING_PKCS12_PATH)
        passphrase = settings.SIPON_SIGNING_PKCS12_PASSPHRASE.encode() or None
    else:
        path, passphrase = ensure_local_certificate(), None
    signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]  # unannotated in pyHanko 0.38
        str(path), passphrase=passphrase
    )
    if signer is None:
        raise RuntimeError(f"Cannot load the signing key from {path}.")
    return signer


def signer() -> Any:
    """The configured signer, loaded once per process."""
    with _lock:
        if "signer" not in _cached:
            _cached["signer"] = _load()
        return _cached["signer"]


def forget() -> None:
    with _lock:
        _cached.clear()


def signer_subject() -> str:
    cert = signer().signing_cert
    return str(cert.subject.human_friendly)


def is_local() -> bool:
    return bool(settings.SIPON_SIGNING_BACKEND == "local")


def _add_output_intent(writer: IncrementalPdfFileWriter, icc_profile: bytes) -> None:
    """The sRGB output intent PDF/A asks for, in the same revision as the signature."""
    # pyHanko's generic PDF objects are unannotated (0.38): the ignores below are that, not a type mismatch.
    components = generic.NumberObject(3)  # type: ignore[no-untyped-call]
    profile = generic.StreamObject({generic.NameObject("/N"): components}, stream_data=icc_profile)
    intent = generic.DictionaryObject({  # type: ignore[no-untyped-call]
        generic.NameObject("/Type"): generic.NameObject("/OutputIntent"),
        generic.NameObject("/S"): generic.NameObject("/GTS_PDFA1"),
        generic.NameObject("/OutputConditionIdentifier"): generic.TextStringObject("sRGB IEC61966-2.1"),
        generic.NameObject("/DestOutputProfile"): writer.add_object(profile),
    })
    writer.root[generic.NameObject("/OutputIntents")] = generic.ArrayObject([writer.add_object(intent)])
    writer.update_root()  # type: ignore[no-untyped-call]


PDFA_PART, PDFA_CONFORMANCE = "2", "B"  # PDF/A-2b: what the file declares in its XMP metadata


def _declare_pdfa(writer: IncrementalPdfFileWriter) -> None:
    """XMP metadata (written by pyHanko with the signature's revision) naming the file PDF/A-2b, its title,
    author, subject and dates taken from the info dictionary so both say the same."""
    info = writer.prev.trailer_view.get("/Info")
    meta = writer.document_meta
    if info is not None:
        info = info.get_object()
        meta.title = str(info.get("/Title", "")) or None
        meta.author = str(info.get("/Author", "")) or None
        meta.subject = str(info.get("/Subject", "")) or None
        meta.creator = str(info.get("/Creator", "")) or None
        if "/CreationDate" in info:
            meta.created = generic.parse_pdf_date(str(info["/CreationDate"]))
    pdfaid = xmp.NS["pdfaid"]
    meta.xmp_extra = [
        xmp.XmpStructure.of(
            (xmp.ExpandedName(ns=pdfaid, local_name="part"), xmp.XmpValue(PDFA_PART)),
            (xmp.ExpandedName(ns=pdfaid, local_name="conformance"), xmp.XmpValue(PDFA_CONFORMANCE)),
        )
    ]


def sign(pdf: bytes, *, reason: str, icc_profile: bytes | None = None) -> bytes:
    """A PAdES (baseline B-B) signature over ``pdf``; returns the signed bytes (an incremental update). With
    ``icc_profile`` the file is made a PDF/A-2b: the sRGB output intent and the XMP identification.

    pyHanko's synchronous API runs its own event loop: called where one is running already (an ASGI view, an
    async test), the signing runs in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _sign(pdf, reason=reason, icc_profile=icc_profile)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_sign, pdf, reason=reason, icc_profile=icc_profile).result()


def _sign(pdf: bytes, *, reason: str, icc_profile: bytes | None) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    if icc_profile:
        _add_output_intent(writer, icc_profile)
        _declare_pdfa(writer)
    meta = signers.PdfSignatureMetadata(
        field_name="TandaTanganElektronik",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location="Klaten",
    )
    out = signers.sign_pdf(writer, meta, signer=signer())
    return bytes(out.getvalue())
