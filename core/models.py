"""Every core model, imported in one place so that the metadata is complete."""

from core.addons.state import TenantAddon
from core.numbering.models import NumberCounter, NumberSequence
from core.tenants.models import Invitation, Membership, Tenant, User, UserSession

__all__ = ["Invitation", "Membership", "NumberCounter", "NumberSequence", "Tenant",
           "TenantAddon", "User", "UserSession"]

import core.contacts.search_index  # noqa: F401  (its migration-only objects)
from core.contacts.models import (
           Contact,
           ContactAddress,
           ContactAttachment,
           ContactDocumentEmail,
           ContactPerson,
           ContactTag,
           CustomFieldDefinition,
           Tag,
)

__all__ += [
    "Contact",
    "ContactAddress",
    "ContactAttachment",
    "ContactDocumentEmail",
    "ContactPerson",
    "ContactTag",
    "CustomFieldDefinition",
    "Tag",
]

from core.audit.models import AuditEntry  # noqa: E402

__all__ += ["AuditEntry"]

from core.documents.models import Document, DocumentLine, DocumentLink  # noqa: E402
from core.documents.settings import TenantSetting  # noqa: E402

__all__ += ["Document", "DocumentLine", "DocumentLink", "TenantSetting"]

from core.mail.models import (  # noqa: E402
    MailSettings,
    MailTemplate,
    OutboxAttachment,
    OutboxMessage,
)

__all__ += ["MailSettings", "MailTemplate", "OutboxAttachment", "OutboxMessage"]

from core.jobs import JobRun  # noqa: E402

__all__ += ["JobRun"]

from core.output.models import DocumentFile  # noqa: E402

__all__ += ["DocumentFile"]

from core.outbox.models import OutboxJob  # noqa: E402

__all__ += ["OutboxJob"]
