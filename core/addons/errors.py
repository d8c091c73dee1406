"""Errors of the addon runtime; each names the addon it is about."""

from __future__ import annotations


class AddonError(Exception):
    """Something is wrong with one addon."""

    def __init__(self, addon_id: str, problem: str) -> None:
        super().__init__(f"addon {addon_id!r}: {problem}")
        self.addon_id = addon_id
        self.problem = problem


class ManifestError(AddonError):
    """The addon's `addon.toml` is missing, unreadable or invalid."""


class AddonLoadError(AddonError):
    """The addon's code could not be imported or registered."""


class DependencyError(AddonError):
    """The addon depends on something missing, broken, or on itself through a cycle."""


class NotOffered(AddonError):
    """The addon is installed but not offered to tenants by `addon_registry.toml`."""


class DependentsActive(AddonError):
    """Switching an addon off was refused because active addons depend on it."""

    def __init__(self, addon_id: str, dependents: list[str]) -> None:
        super().__init__(
            addon_id, "still needed by active addon(s): " + ", ".join(dependents)
        )
        self.dependents = dependents


class SettingsError(AddonError):
    """Settings given for an addon do not fit what it declares."""

    def __init__(self, addon_id: str, errors: dict[str, str]) -> None:
        detail = "; ".join(f"{key}: {msg}" for key, msg in errors.items())
        super().__init__(addon_id, f"invalid settings ({detail})")
        self.errors = errors


class HookError(AddonError):
    """A hook implementation raised; the operation it was part of was rolled back."""

    def __init__(self, addon_id: str, hook: str, cause: BaseException) -> None:
        super().__init__(addon_id, f"hook {hook!r} failed: {type(cause).__name__}: {cause}")
        self.hook = hook


class AddonBroken(HookError):
    """An addon that is on for the tenant cannot be loaded: what it takes part in is refused."""

    def __init__(self, addon_id: str, hook: str, reason: str) -> None:
        AddonError.__init__(
            self,
            addon_id,
            f"is on for this company but cannot be loaded ({reason}); {hook!r} refused, "
            "nothing was saved: repair the addon or switch it off",
        )
        self.hook = hook
        self.reason = reason
