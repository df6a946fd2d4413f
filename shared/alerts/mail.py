"""The e-mail channel: plain-text UTF-8 mail through SMTP (``smtplib``), settings from ``[web.smtp]``.

Keys: ``host`` (required), ``port`` (25, or 465 with ``ssl``), ``sender`` (or ``from``; required, e.g.
"noreply@city.example.jp"), ``starttls`` (bool), ``ssl`` (bool), ``username`` (or ``user``), ``password_env``
(the name of an environment variable holding the password: preferred, so the secret stays out of the profile)
or ``password``, ``timeout`` (seconds, default 10).
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from shared.alerts.channels import AddressError, AlertMessage, DeliveryError
from shared.config import EMAIL_ADDRESS, OfficeConfig, SmtpSettings


def normalise_email(address: str) -> str:
    a = address.strip()
    if len(a) > 254 or not EMAIL_ADDRESS.match(a):
        raise AddressError("メールアドレスの形式が正しくありません / not a valid e-mail address")
    local, _, domain = a.rpartition("@")
    return f"{local}@{domain.lower()}"


class EmailChannel:
    name = "email"
    needs_address = True

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    @classmethod
    def from_config(cls, config: OfficeConfig) -> EmailChannel:
        return cls(SmtpSettings.parse(config.path, dict(config.web.smtp)))

    def normalise_address(self, address: str) -> str:
        return normalise_email(address)

    def build(self, message: AlertMessage) -> EmailMessage:
        if not message.address:
            raise DeliveryError("no e-mail address")
        return self.compose(message.address, message.title, message.body)

    def compose(self, address: str, subject: str, body: str) -> EmailMessage:
        """A plain-text UTF-8 message from the office's sender, marked as sent by a machine."""
        m = EmailMessage()
        m["Subject"] = subject
        m["From"] = self.settings.sender
        m["To"] = address
        m["Date"] = formatdate(localtime=True)
        m["Message-ID"] = make_msgid(domain=self.settings.sender.rpartition("@")[2])
        m["Auto-Submitted"] = "auto-generated"
        m.set_content(body, charset="utf-8")
        return m

    def deliver(self, message: AlertMessage) -> None:
        self.send(self.build(message))

    def send_text(self, address: str, subject: str, body: str) -> None:
        """One plain-text mail to ``address`` (e.g. a one-time code), or :class:`DeliveryError`."""
        self.send(self.compose(address, subject, body))

    def send(self, mail: EmailMessage) -> None:
        """The one SMTP path of the project: SSL or STARTTLS, optional login, one message."""
        s = self.settings
        password = os.environ.get(s.password_env, "") if s.password_env else (s.password or "")
        try:
            if s.use_ssl:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            with client:
                if s.starttls and not s.use_ssl:
                    client.starttls(context=ssl.create_default_context())
                if s.user:
                    client.login(s.user, password)
                refused = client.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"SMTP {s.host}:{s.port}: {type(exc).__name__}: {exc}") from exc
        if refused:
            raise DeliveryError(f"SMTP refused the recipient: {sorted(refused.values())}")
