"""The CredentialVault port over the Fernet CredentialCipher: seal before storing, unseal for use."""

from __future__ import annotations

from ordertower.domain.channel_credentials import CredentialsUnreadable, SecretValue

from .secrets import CredentialCipher


class FernetVault:
    """Seals with the first configured key; unseals with any (so keys can be rotated)."""

    def __init__(self, cipher: CredentialCipher) -> None:
        self._cipher = cipher

    def __repr__(self) -> str:
        return "FernetVault(keys=****)"

    def seal(self, plaintext: SecretValue) -> bytes:
        text = plaintext.reveal()
        if not isinstance(text, str):
            raise TypeError("seal takes one text: the credentials as a JSON object")
        return self._cipher.encrypt(text)

    def unseal(self, sealed: bytes) -> SecretValue:
        try:
            return SecretValue(self._cipher.decrypt(sealed))
        except ValueError as error:
            raise CredentialsUnreadable() from error
