"""A staff member who signed in with the password but has not entered the second factor acts with no role: not on
the /staf/ pages (the middleware sends them to verify) and not on any other URL that checks roles (documents)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.accounts.roles import Role, has_role, is_staff_member, roles_of
from apps.core.middleware import SessionOTPMiddleware
from tests.factories import make_staff, sign_in_staff
from tests.security.objects import Context, document
from tests.security.principals import make_cast

pytestmark = pytest.mark.django_db


def _password_only(user) -> Client:
    client = Client()
    client.force_login(user, backend="apps.accounts.backends.IdentifierBackend")
    return client


@pytest.mark.parametrize("role", [Role.FILE_RECEIVER, Role.OPERATOR, Role.SECTION_HEAD, Role.ADMINISTRATOR])
def test_it_refuses_a_residents_document_to_staff_who_have_not_passed_the_second_factor(role):
    ctx = Context(make_cast())
    url = reverse("documents:file", kwargs=document(ctx))
    staff = make_staff(role)
    assert _password_only(staff).get(url).status_code == 403
    verified = Client()
    sign_in_staff(verified, staff)
    assert verified.get(url).status_code == 200


def test_it_counts_the_roles_only_once_the_session_has_passed_the_second_factor():
    staff = make_staff(Role.OPERATOR)
    client = _password_only(staff)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = staff
    SessionOTPMiddleware(lambda r: None)._verify_user_sync(request, staff)
    assert is_staff_member(staff)  # a staff account: it must verify
    assert roles_of(staff) == frozenset()
    assert not has_role(staff, Role.OPERATOR)


def test_it_judges_a_user_loaded_outside_a_request_by_the_roles_it_holds():
    staff = make_staff(Role.OPERATOR)
    assert has_role(staff, Role.OPERATOR)


def test_it_sends_a_password_only_staff_member_from_the_start_page_to_the_second_factor():
    client = _password_only(make_staff(Role.OPERATOR))
    response = client.get(reverse("accounts:start"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp_verify"))
