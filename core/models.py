"""Every core model, imported in one place so that the metadata is complete."""

from core.addons.state import TenantAddon
from core.tenants.models import Membership, Tenant, User

from core.numbering.models import NumberCounter, NumberSequence

__all__ = ["Membership", "NumberCounter", "NumberSequence", "Tenant", "TenantAddon", "User"]

from core.contacts.models import Contact  # noqa: E402

__all__ += ["Contact"]
