"""Every outbox handler of a deployment: the core's and those the installed addons register."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from core.addons.dispatch import per_addon
from core.addons.errors import AddonError
from core.contract.outbox import OutboxHandler
from core.documents.announce import HANDLER as ANNOUNCE_POSTED
from core.outbox.handlers import ServiceLimits

if TYPE_CHECKING:
    from core.addons.catalogue import Catalogue

CORE_HANDLERS = (ANNOUNCE_POSTED,)

_registered: WeakKeyDictionary[Catalogue, dict[tuple[str, str], OutboxHandler]] = (
    WeakKeyDictionary()
)


def _check(addon_id: str, item: Any) -> OutboxHandler:
    if not isinstance(item, OutboxHandler) or not callable(item.handle):
        raise AddonError(addon_id, f"facturo_outbox_handlers returned {item!r}, "
                                   "not a core.api.OutboxHandler")
    if item.max_attempts < 1 or item.concurrency < 1 or (
            item.rate_limit is not None and item.rate_limit < 1):
        raise AddonError(addon_id, f"outbox handler {item.service}.{item.action}: "
                                   "max_attempts, concurrency and rate_limit must be at least 1")
    return dataclasses.replace(item, addon_id=addon_id)


def outbox_handlers(catalogue: Catalogue) -> dict[tuple[str, str], OutboxHandler]:
    """Every handler of the core and of every installed addon, by `(service, action)`."""
    found = _registered.get(catalogue)
    if found is not None:
        return found
    handlers = {handler.key: handler for handler in CORE_HANDLERS}
    for addon_id, declared in per_addon(catalogue.manager, "facturo_outbox_handlers"):
        for item in declared:
            handler = _check(addon_id, item)
            if handler.key in handlers:
                raise AddonError(addon_id, f"outbox handler {handler.service}.{handler.action} "
                                           "is declared twice")
            handlers[handler.key] = handler
    _registered[catalogue] = handlers
    return handlers


def service_limits(catalogue: Catalogue) -> dict[str, ServiceLimits]:
    """The limits of each service: the smallest its handlers declare."""
    limits: dict[str, ServiceLimits] = {}
    for handler in outbox_handlers(catalogue).values():
        known = limits.get(handler.service)
        if known is None:
            limits[handler.service] = ServiceLimits(handler.concurrency, handler.rate_limit)
            continue
        rates = [r for r in (known.per_minute, handler.rate_limit) if r is not None]
        limits[handler.service] = ServiceLimits(min(known.concurrency, handler.concurrency),
                                                min(rates) if rates else None)
    return limits
