from sqlalchemy import text

from ordertower.domain.tenancy import Role


def test_an_admin_creates_a_merchant_and_sees_it_listed(admin, merchant) -> None:
    listed = admin.client.get("/api/v1/merchants").json()
    assert [m["code"] for m in listed["items"]] == ["ACME"]


def test_a_request_without_a_token_is_refused_with_a_problem(app) -> None:
    response = app.get("/api/v1/merchants")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "unauthenticated"


def test_a_client_user_sees_only_their_own_merchant(admin, make_actor) -> None:
    a = admin.client.post("/api/v1/merchants", json={"code": "A", "name": "A"}).json()
    admin.client.post("/api/v1/merchants", json={"code": "B", "name": "B"})
    client_a = make_actor(Role.CLIENT, (a["id"],))
    assert [m["code"] for m in client_a.client.get("/api/v1/merchants").json()["items"]] == ["A"]


def test_a_duplicate_merchant_code_is_a_conflict_naming_the_field(admin, merchant) -> None:
    response = admin.client.post("/api/v1/merchants", json={"code": "acme", "name": "Again"})
    assert response.status_code == 409
    assert response.json()["field"] == "code"


def test_bad_merchant_fields_are_all_reported(admin) -> None:
    response = admin.client.post("/api/v1/merchants", json={"code": "no spaces!", "name": " "})
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"code", "name"}


def test_a_revoked_token_stops_working_at_once(admin) -> None:
    issued = admin.client.post("/api/v1/tokens", json={"name": "ci"}).json()
    headers = {"Authorization": f"Bearer {issued['secret']}"}
    assert admin.client.get("/api/v1/me", headers=headers).status_code == 200
    assert admin.client.delete(f"/api/v1/tokens/{issued['id']}").status_code == 204
    assert admin.client.get("/api/v1/me", headers=headers).status_code == 401


def test_last_use_of_a_token_is_kept_to_the_minute(admin, runtime) -> None:
    issued = admin.client.post("/api/v1/tokens", json={"name": "ci"}).json()
    headers = {"Authorization": f"Bearer {issued['secret']}"}

    def last_used():
        with runtime.engine.connect() as c:
            return c.execute(
                text("SELECT last_used_at FROM api_tokens WHERE id = :id"), {"id": issued["id"]}
            ).scalar_one()

    assert admin.client.get("/api/v1/me", headers=headers).status_code == 200
    first = last_used()
    assert first is not None
    assert admin.client.get("/api/v1/me", headers=headers).status_code == 200
    assert last_used() == first  # a second call within the minute writes nothing
    with runtime.engine.begin() as c:
        c.execute(
            text("UPDATE api_tokens SET last_used_at = last_used_at - interval '2 minutes'"
                 " WHERE id = :id"),
            {"id": issued["id"]},
        )  # fmt: skip
    assert admin.client.get("/api/v1/me", headers=headers).status_code == 200
    assert last_used() > first


def test_lists_are_paginated_with_a_cursor(admin) -> None:
    for n in range(5):
        admin.client.post("/api/v1/merchants", json={"code": f"M{n}", "name": f"M{n}"})
    first = admin.client.get("/api/v1/merchants", params={"limit": 2}).json()
    second = admin.client.get(
        "/api/v1/merchants", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert [m["code"] for m in first["items"] + second["items"]] == ["M0", "M1", "M2", "M3"]


def test_health_reports_the_database(app) -> None:
    body = app.get("/health").json()
    assert body["database"]["status"] == "ok"


def test_metrics_count_requests_by_route_template(admin, merchant) -> None:
    admin.client.get(f"/api/v1/merchants/{merchant['id']}")
    text = admin.client.get("/metrics").text
    assert 'route="/api/v1/merchants/{merchant_id}"' in text


def test_a_cursor_that_was_never_given_out_is_a_clear_422(admin) -> None:
    for cursor in ("%%%", "é", "AAAA"):
        response = admin.client.get("/api/v1/merchants", params={"cursor": cursor})
        assert response.status_code == 422, cursor
        assert response.json()["field"] == "cursor"
