"""Who may see and do what: roles, permissions and the principal behind every request."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import Forbidden, NotFound


class Role(StrEnum):
    ADMIN = "admin"  # runs the installation: every merchant, users, settings
    MANAGER = "manager"  # runs the operation for the merchants granted: catalog, rules, channels
    OPERATOR = (
        "operator"  # floor work (receiving, picking, prep, returns) for the merchants granted
    )
    CLIENT = "client"  # a merchant's own staff in a 3PL: read-only, bound to their merchants


class Permission(StrEnum):
    READ = "read"  # see the merchant's data
    FLOOR_WORK = "floor_work"  # scan, receive, pick, pack, prep, count
    MANAGE_CATALOG = "manage_catalog"  # products, locations, listings
    MANAGE_CHANNELS = "manage_channels"  # channel accounts and their credentials
    MANAGE_USERS = "manage_users"  # users, grants, tokens of others
    MANAGE_MERCHANTS = "manage_merchants"  # create and change merchants
    # Take in orders (API, CSV), hold, release, cancel them and resolve their exception items.
    MANAGE_ORDERS = "manage_orders"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(
        {
            Permission.READ,
            Permission.FLOOR_WORK,
            Permission.MANAGE_CATALOG,
            Permission.MANAGE_CHANNELS,
            Permission.MANAGE_ORDERS,
        }
    ),
    Role.OPERATOR: frozenset({Permission.READ, Permission.FLOOR_WORK}),
    Role.CLIENT: frozenset({Permission.READ}),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller. `merchant_ids` is None for admins, who see every merchant."""

    user_id: int
    name: str
    role: Role
    merchant_ids: frozenset[int] | None

    def sees(self, merchant_id: int) -> bool:
        return self.merchant_ids is None or merchant_id in self.merchant_ids

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission, merchant_id: int | None = None) -> None:
        """Refuse unless the caller may do this (for this merchant).

        An invisible merchant is reported as not found, so ids of other tenants never leak.
        """
        if merchant_id is not None and not self.sees(merchant_id):
            raise NotFound(f"Merchant {merchant_id} not found.", field="merchant_id")
        if not self.may(permission):
            raise Forbidden(
                f"Your role ({self.role}) may not {permission.replace('_', ' ')}; "
                "ask an admin for a role that can."
            )
