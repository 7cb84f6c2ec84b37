from ordertower.bootstrap import Runtime
from ordertower.domain.tenancy import Role
from ordertower.services.tenancy import access


def test_the_first_admin_can_create_a_merchant(runtime: Runtime) -> None:
    admin = access.create_user(
        runtime.uow(),
        runtime.hasher,
        principal=None,
        email="Boss@Example.com",
        name="Boss",
        role=Role.ADMIN,
        password="correct horse battery",
    )
    assert admin.email == "boss@example.com"
