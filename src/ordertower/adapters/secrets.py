"""Keys the installation needs: from settings, or generated once into the data dir (mode 0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def key_from_file(path: Path, make: str) -> str:
    """Read a key file, creating it with a fresh key the first time."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(make)
    return make


def new_secret_key() -> str:
    return secrets.token_urlsafe(48)


def new_fernet_key() -> str:
    return Fernet.generate_key().decode()


class CredentialCipher:
    """Encrypts channel credentials at rest. The first key encrypts; every key decrypts (rotation)."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise ValueError("at least one credentials key is required")
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])

    def encrypt(self, plaintext: str) -> bytes:
        return self._fernet.encrypt(plaintext.encode())

    def decrypt(self, ciphertext: bytes) -> str:
        try:
            return self._fernet.decrypt(ciphertext).decode()
        except InvalidToken as error:
            raise ValueError(
                "channel credentials cannot be decrypted with the configured keys"
            ) from error
