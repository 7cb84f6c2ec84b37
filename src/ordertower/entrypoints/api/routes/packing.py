"""The pick/pack station: scan units of an order, report short picks, pack and label packages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi import status as http
from pydantic import BaseModel, Field

from ordertower.adapters.carriers.registry import AccountCarriers
from ordertower.domain.catalog.measures import Dimensions, LengthUnit, Weight, WeightUnit
from ordertower.domain.errors import DomainError
from ordertower.domain.fulfillment import PackageMeasures, ScanOutcome
from ordertower.services.fulfillment import packing, station
from ordertower.services.fulfillment.ports import PackageRow, ScanEvent

from ..deps import MerchantDep, PrincipalDep, RuntimeDep
from .shapes import MAX_ID, Id, StrictIn
from .waves import PickLineOut

router = APIRouter(tags=["fulfillment"])

OrderIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The order id.")]
PackageIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The package id.")]
_AT = (
    "The station's warehouse, for an order split over several; default: the one warehouse where "
    "the order has units left to do."
)
LocationQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description=_AT)]


class ScanIn(StrictIn):
    code: str = Field(max_length=200, description="Barcode (UPC/EAN/GTIN), FNSKU or SKU.")
    client_scan_id: str = Field(
        max_length=200, description="Unique per scan: a resubmitted scan is recognised by it."
    )
    station: str = Field(default="", max_length=200, description="The station, e.g. PACK-3.")
    location_id: Id | None = Field(default=None, description=_AT)


class ShortPickIn(StrictIn):
    pick_task_id: Id
    quantity: int | None = Field(default=None, description="Default: every unit still to pick.")
    note: str = Field(default="", max_length=500)


class WeightIn(StrictIn):
    value: Decimal = Field(max_digits=12, decimal_places=4)
    unit: WeightUnit


class DimensionsIn(StrictIn):
    length: Decimal = Field(max_digits=12, decimal_places=3)
    width: Decimal = Field(max_digits=12, decimal_places=3)
    height: Decimal = Field(max_digits=12, decimal_places=3)
    unit: LengthUnit


class PackageIn(StrictIn):
    weight: WeightIn
    dimensions: DimensionsIn | None = None
    contents: dict[str, int] | None = Field(
        default=None, description="{sku: units}; default: every scanned unit not yet packed."
    )
    location_id: Id | None = Field(default=None, description=_AT)

    def measures(self) -> PackageMeasures:
        d = self.dimensions
        return PackageMeasures(
            weight=Weight(self.weight.value, self.weight.unit),
            dimensions=Dimensions(d.length, d.width, d.height, d.unit) if d else None,
        )


class ScanOut(BaseModel):
    id: int
    client_scan_id: str
    code: str
    sku: str | None
    outcome: ScanOutcome
    accepted: bool
    message: str
    station: str
    pick_task_id: int | None
    at: dt.datetime

    @classmethod
    def of(cls, s: ScanEvent) -> ScanOut:
        return cls(
            id=s.id,
            client_scan_id=s.client_scan_id,
            code=s.code,
            sku=s.sku,
            outcome=s.outcome,
            accepted=s.outcome is ScanOutcome.ACCEPTED,
            message=s.message,
            station=s.station,
            pick_task_id=s.pick_task_id,
            at=s.at,
        )


class PackageOut(BaseModel):
    id: int
    order_id: int
    number: int
    state: str = Field(description="open (no label yet), labelled or shipped.")
    weight_value: Decimal
    weight_unit: str
    weight_lb: Decimal
    dimensions: list[Decimal] | None
    dimension_unit: str | None
    carrier: str
    service_code: str
    service_name: str
    tracking_number: str | None
    contents: dict[str, int] = Field(description="{pick task id: units}")
    labelled_at: dt.datetime | None
    shipped_at: dt.datetime | None
    label_error: str | None = Field(default=None, description="Why the label could not be bought.")

    @classmethod
    def of(cls, p: PackageRow, label_error: str | None = None) -> PackageOut:
        return cls(
            id=p.id,
            order_id=p.order_id,
            number=p.number,
            state=p.state,
            weight_value=p.weight_value,
            weight_unit=p.weight_unit,
            weight_lb=p.weight_lb,
            dimensions=list(p.dimensions) if p.dimensions else None,
            dimension_unit=p.dimension_unit,
            carrier=str(p.carrier),
            service_code=p.service_code,
            service_name=p.service_name,
            tracking_number=p.tracking_number,
            contents={str(k): v for k, v in p.contents.items()},
            labelled_at=p.labelled_at,
            shipped_at=p.shipped_at,
            label_error=label_error,
        )


class StationLineOut(BaseModel):
    sku: str
    ordered: int
    picked: int
    short: int
    packed: int
    shipped: int
    still_needed: int
    bins: list[str]


class StationOut(BaseModel):
    order_id: int
    order_number: str
    state: str
    location_id: int | None = Field(
        default=None, description="The warehouse shown; null: every warehouse of the order."
    )
    complete: bool = Field(description="Every unit that can be picked is scanned.")
    prevented_errors: int
    lines: list[StationLineOut]
    tasks: list[PickLineOut]
    scans: list[ScanOut]
    packages: list[PackageOut]

    @classmethod
    def of(cls, v: station.StationView) -> StationOut:
        return cls(
            order_id=v.order.id,
            order_number=v.order.number,
            state=str(v.order.state),
            location_id=v.location_id,
            complete=v.complete,
            prevented_errors=v.prevented_errors,
            lines=[
                StationLineOut(
                    sku=line.sku,
                    ordered=line.ordered,
                    picked=line.picked,
                    short=line.short,
                    packed=line.packed,
                    shipped=line.shipped,
                    still_needed=line.still_needed,
                    bins=list(line.bins),
                )
                for line in v.lines
            ],
            tasks=[PickLineOut.of(t) for t in v.tasks],
            scans=[ScanOut.of(s) for s in v.scans],
            packages=[PackageOut.of(p) for p in v.packages],
        )


class ScannedOut(BaseModel):
    scan: ScanOut
    replayed: bool = Field(description="True: this scan was submitted before; nothing changed.")
    order: StationOut


@router.get("/merchants/{merchant_id}/orders/{order_id}/station")
def get_station(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    location_id: LocationQuery = None,
) -> StationOut:
    """What the station shows for an order: per SKU ordered, scanned, still needed; scans; boxes.
    With `location_id`, only that warehouse's part of a split order; without, all of it."""
    view = station.station_view(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        location_id=location_id,
    )
    return StationOut.of(view)


@router.post(
    "/merchants/{merchant_id}/orders/{order_id}/scans",
    status_code=http.HTTP_201_CREATED,
    responses={200: {"description": "The same scan was submitted before: nothing changed."}},
)
def scan(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    body: ScanIn,
    response: Response,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> ScannedOut:
    """Scan one unit. A refused unit (wrong item, too many, unknown code) is recorded too:
    `scan.accepted` is false and `scan.message` says what to do."""
    scanned = station.scan_unit(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        code=body.code,
        client_scan_id=body.client_scan_id,
        station=body.station,
        location_id=body.location_id,
    )
    if scanned.replayed:
        response.status_code = http.HTTP_200_OK
    return ScannedOut(
        scan=ScanOut.of(scanned.scan), replayed=scanned.replayed, order=StationOut.of(scanned.view)
    )


@router.post("/merchants/{merchant_id}/orders/{order_id}/short-picks")
def report_short_pick(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    body: ShortPickIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> StationOut:
    """The bin is short: the missing units go back to stock, the order waits in needs_attention."""
    view = station.report_short_pick(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        pick_task_id=body.pick_task_id,
        quantity=body.quantity,
        note=body.note,
    )
    return StationOut.of(view)


@router.post("/merchants/{merchant_id}/orders/{order_id}/packages", status_code=201)
def pack_package(
    merchant_id: MerchantDep,
    order_id: OrderIdPath,
    body: PackageIn,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> PackageOut:
    """Pack scanned units into a package and buy its label. When the label cannot be bought the
    package stays open with `label_error`; fix the cause and POST …/packages/{id}/label."""
    package = packing.pack_package(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        order_id=order_id,
        measures=body.measures(),
        contents=body.contents,
        location_id=body.location_id,
    )
    try:
        package = packing.label_package(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            package_id=package.id,
            carriers=AccountCarriers(runtime.engine),
        )
    except DomainError as error:
        return PackageOut.of(package, label_error=error.message)
    return PackageOut.of(package)


@router.get("/merchants/{merchant_id}/packages/{package_id}")
def get_package(
    merchant_id: MerchantDep,
    package_id: PackageIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> PackageOut:
    """One package: measures, ship method, tracking number and state."""
    return PackageOut.of(
        packing.get_package(
            runtime.uow(), principal=principal, merchant_id=merchant_id, package_id=package_id
        )
    )


@router.post("/merchants/{merchant_id}/packages/{package_id}/label")
def label_package(
    merchant_id: MerchantDep,
    package_id: PackageIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> PackageOut:
    """Buy the package's label (a labelled package keeps the label it has)."""
    package = packing.label_package(
        runtime.uow(),
        principal=principal,
        merchant_id=merchant_id,
        package_id=package_id,
        carriers=AccountCarriers(runtime.engine),
    )
    return PackageOut.of(package)


@router.get(
    "/merchants/{merchant_id}/packages/{package_id}/label.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The 4×6 in label."}},
)
def label_pdf(
    merchant_id: MerchantDep,
    package_id: PackageIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> Response:
    """The label as a one-page 4×6 in PDF."""
    label = packing.package_label(
        runtime.uow(), principal=principal, merchant_id=merchant_id, package_id=package_id
    )
    return Response(
        label.pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{label.tracking_number}.pdf"'},
    )


@router.get(
    "/merchants/{merchant_id}/packages/{package_id}/label.zpl",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "ZPL for 203 dpi printers."}},
)
def label_zpl(
    merchant_id: MerchantDep,
    package_id: PackageIdPath,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> Response:
    """The label as ZPL for a 4×6 in thermal printer."""
    label = packing.package_label(
        runtime.uow(), principal=principal, merchant_id=merchant_id, package_id=package_id
    )
    return Response(
        label.zpl,
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{label.tracking_number}.zpl"'},
    )
