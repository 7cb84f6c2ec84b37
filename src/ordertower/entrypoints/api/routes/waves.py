"""Waves: release allocated orders of one warehouse to the floor, with the pick list they walk."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from fastapi import status as http
from pydantic import BaseModel, Field

from ordertower.adapters.labels.pick_list import PickRow, pick_list_pdf
from ordertower.domain.channels import ChannelKind
from ordertower.domain.fulfillment import DEFAULT_WAVE_ORDERS, MAX_WAVE_ORDERS, WaveCriteria
from ordertower.domain.shipping import ServiceLevel
from ordertower.services.fulfillment import waves
from ordertower.services.fulfillment.ports import TaskLine, WaveSummary

from ..deps import MerchantDep, PageDep, PrincipalDep, RuntimeDep
from ..schemas import PageOut, page_out
from .shapes import MAX_ID, Id, StrictIn

router = APIRouter(tags=["fulfillment"])

WaveIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The wave id.")]


class WaveIn(StrictIn):
    location_id: Id = Field(description="The warehouse: one wave is picked in one building.")
    ship_by_before: dt.datetime | None = Field(
        default=None, description="Only orders due to ship before this time (with time zone)."
    )
    service_levels: list[ServiceLevel] = Field(default_factory=list, max_length=4)
    channels: list[ChannelKind] = Field(default_factory=list, max_length=4)
    zone_ids: list[Id] = Field(
        default_factory=list, max_length=100, description="Pick only from bins in these zones."
    )
    max_orders: int = Field(default=DEFAULT_WAVE_ORDERS, ge=1, le=MAX_WAVE_ORDERS)

    def criteria(self) -> WaveCriteria:
        return WaveCriteria(
            location_id=self.location_id,
            ship_by_before=self.ship_by_before,
            service_levels=frozenset(self.service_levels),
            channels=frozenset(str(c) for c in self.channels),
            zone_ids=frozenset(self.zone_ids),
            max_orders=self.max_orders,
        )


class PickLineOut(BaseModel):
    pick_task_id: int
    order_id: int
    order_number: str
    sku: str
    lot: str | None
    expires_on: dt.date | None
    quantity: int
    picked: int
    short: int
    packed: int
    shipped: int

    @classmethod
    def of(cls, t: TaskLine) -> PickLineOut:
        return cls(
            pick_task_id=t.id,
            order_id=t.order_id,
            order_number=t.order_number,
            sku=t.sku,
            lot=t.lot or None,
            expires_on=t.expires_on,
            quantity=t.quantity,
            picked=t.picked,
            short=t.short,
            packed=t.packed,
            shipped=t.shipped,
        )


class PickStopOut(BaseModel):
    bin_id: int | None = Field(description="None: units kept at the warehouse without a bin.")
    bin_code: str | None
    zone_code: str | None
    lines: list[PickLineOut]


class WaveSummaryOut(BaseModel):
    id: int
    location_id: int
    location_code: str
    criteria: dict[str, Any]
    left_out: list[dict[str, Any]] = Field(description="Orders that matched but were not planned.")
    order_count: int
    unit_count: int
    units_picked: int
    units_short: int
    units_shipped: int
    done: bool
    created_at: dt.datetime

    @classmethod
    def of(cls, w: WaveSummary) -> WaveSummaryOut:
        return cls(
            id=w.id,
            location_id=w.location_id,
            location_code=w.location_code,
            criteria=dict(w.criteria),
            left_out=[dict(x) for x in w.left_out],
            order_count=w.order_count,
            unit_count=w.unit_count,
            units_picked=w.units_picked,
            units_short=w.units_short,
            units_shipped=w.units_shipped,
            done=w.done,
            created_at=w.created_at,
        )


class WaveOut(WaveSummaryOut):
    pick_list: list[PickStopOut] = Field(description="Bins in walking order, each visited once.")

    @classmethod
    def of_view(cls, view: waves.WaveView) -> WaveOut:
        return cls(
            **WaveSummaryOut.of(view.wave).model_dump(),
            pick_list=[
                PickStopOut(
                    bin_id=s.bin_id,
                    bin_code=s.bin_code,
                    zone_code=s.zone_code,
                    lines=[PickLineOut.of(t) for t in s.lines],
                )
                for s in view.stops
            ],
        )


@router.post("/merchants/{merchant_id}/waves", status_code=http.HTTP_201_CREATED)
def release_wave(
    merchant_id: MerchantDep, body: WaveIn, runtime: RuntimeDep, principal: PrincipalDep
) -> WaveOut:
    """Release the most urgent matching allocated orders as a wave with its pick list."""
    view = waves.release_wave(
        runtime.uow(), principal=principal, merchant_id=merchant_id, criteria=body.criteria()
    )
    return WaveOut.of_view(view)


class WavePreviewOut(BaseModel):
    matching_orders: int
    would_release: int
    earliest_ship_by: dt.datetime | None


@router.post("/merchants/{merchant_id}/waves/preview")
def preview_wave(
    merchant_id: MerchantDep, body: WaveIn, runtime: RuntimeDep, principal: PrincipalDep
) -> WavePreviewOut:
    """How many allocated orders the criteria match now; nothing is released."""
    found = waves.preview_wave(
        runtime.uow(), principal=principal, merchant_id=merchant_id, criteria=body.criteria()
    )
    return WavePreviewOut(
        matching_orders=found.matching_orders,
        would_release=found.would_release,
        earliest_ship_by=found.earliest_ship_by,
    )


@router.get("/merchants/{merchant_id}/waves", response_model=PageOut[WaveSummaryOut])
def list_waves(
    merchant_id: MerchantDep, runtime: RuntimeDep, principal: PrincipalDep, page: PageDep
) -> PageOut[WaveSummaryOut]:
    """The merchant's waves, oldest first, with their progress."""
    found = waves.list_waves(runtime.uow(), principal=principal, merchant_id=merchant_id, page=page)
    return page_out(found, WaveSummaryOut.of)


@router.get("/merchants/{merchant_id}/waves/{wave_id}")
def get_wave(
    merchant_id: MerchantDep, wave_id: WaveIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> WaveOut:
    """One wave with its pick list (bins in walking order)."""
    view = waves.get_wave(
        runtime.uow(), principal=principal, merchant_id=merchant_id, wave_id=wave_id
    )
    return WaveOut.of_view(view)


@router.get(
    "/merchants/{merchant_id}/waves/{wave_id}/pick-list.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The printable list."}},
)
def pick_list(
    merchant_id: MerchantDep, wave_id: WaveIdPath, runtime: RuntimeDep, principal: PrincipalDep
) -> Response:
    """The wave's pick list to print: stops in walking order, what to take for which order."""
    view = waves.get_wave(
        runtime.uow(), principal=principal, merchant_id=merchant_id, wave_id=wave_id
    )
    rows = [
        PickRow(
            stop=n,
            bin_code=stop.bin_code or "(no bin)",
            zone_code=stop.zone_code or "",
            sku=line.sku,
            lot=line.lot,
            quantity=line.quantity,
            order_number=line.order_number,
        )
        for n, stop in enumerate(view.stops, start=1)
        for line in stop.lines
    ]
    w = view.wave
    pdf = pick_list_pdf(
        title=f"Pick list: wave {w.id}",
        subtitle=f"{w.location_code} · {w.order_count} orders · {w.unit_count} units · "
        f"released {w.created_at:%Y-%m-%d %H:%M} UTC",
        rows=rows,
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="wave-{w.id}-pick-list.pdf"'},
    )
