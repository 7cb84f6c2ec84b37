"""What the channel told us about an order beyond its lines: Prime, pending, two-day, subscription…

Routing rules, ship-method rules and screens read these; each value names where it comes from.
"""

from __future__ import annotations

from enum import StrEnum


class ChannelFlag(StrEnum):
    # Amazon seller-fulfilled Prime order (v0 `IsPrime`, v2026 `programs` PRIME): Amazon holds
    # the seller to the promised ship-by and delivery dates.
    AMAZON_PRIME = "amazon_prime"
    # Amazon Premium Shipping order (v0 `IsPremiumOrder`, v2026 `programs` PREMIUM): a premium
    # shipping service level agreement; ship with the promised speed, tracking required.
    AMAZON_PREMIUM = "amazon_premium"
    # Amazon order not yet ready to ship (v0 OrderStatus `Pending` / `PendingAvailability`, v2026
    # fulfillmentStatus PENDING / PENDING_AVAILABILITY): payment not authorized, or a pre-order
    # not yet released. Amazon says it must not ship until it becomes Unshipped.
    AMAZON_PENDING = "amazon_pending"
    # Amazon Business order (v0 `IsBusinessOrder`, v2026 `programs` AMAZON_BUSINESS): the buyer
    # is a verified business (invoices, sometimes purchase-order numbers on the packing slip).
    AMAZON_BUSINESS = "amazon_business"
    # Walmart TwoDay program order (line fulfillment.shippingProgramType TWO_DAY, orders query
    # `shippingProgramType=TWO_DAY`): Walmart promised two-day delivery to the customer.
    WALMART_TWO_DAY = "walmart_two_day"
    # Shopify order with a subscription line (a line item bought with a selling plan). Not in the
    # stored reference models; the Shopify connector sets it from the order's line items.
    SHOPIFY_SUBSCRIPTION = "shopify_subscription"
    # A replacement for an earlier order, usually at no charge (Amazon `IsReplacementOrder`,
    # Walmart orderType REPLACEMENT with `replacementInfo=true`).
    REPLACEMENT = "replacement"
    # Ordered before the product's release date (Amazon OrderType `Preorder`, v2026 `programs`
    # PREORDER): it waits for the release date before it ships.
    PREORDER = "preorder"
