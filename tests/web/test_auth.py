"""Browser sign-in, CSRF, rate limiting, and the command that creates users."""
import re

from confmgr.accounts.models import ApiToken, User
from confmgr.extensions import db


def _csrf(client, url="/login"):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_sign_in_with_a_password_then_sign_out(client, make_user):
    make_user("secretariat", password="correct horse battery")
    email = db.session.query(User).one().email
    response = client.post("/login", data={"email": email, "password": "correct horse battery",
                                           "csrf_token": _csrf(client)})
    assert response.status_code == 302
    assert "Audit log" in client.get("/?lang=en").get_data(as_text=True)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/audit").status_code == 403


def test_a_wrong_password_is_refused_with_a_form_error(client, make_user):
    make_user("president", password="correct horse battery")
    email = db.session.query(User).one().email
    response = client.post("/login?lang=en", data={"email": email, "password": "wrong", "csrf_token": _csrf(client)})
    assert response.status_code == 422
    assert "wrong password" in response.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(client, make_user):
    make_user("secretariat", password="correct horse battery")
    email = db.session.query(User).one().email
    response = client.post("/login", data={"email": email, "password": "correct horse battery"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/audit").status_code == 403


def test_login_attempts_are_rate_limited(client):
    codes = [client.post("/login", data={"email": "a@b.org", "password": "x", "csrf_token": _csrf(client)}).status_code
             for _ in range(7)]
    assert codes[-1] == 429 and codes[0] != 429


def test_the_users_command_prints_a_token_that_is_stored_hashed(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "sg@un.org", "--role", "secretariat"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert token.startswith("cm_")
    stored = db.session.query(ApiToken).one()
    assert stored.token_hash != token and token not in stored.token_hash
    assert app.test_client().get("/audit", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_delegate_needs_a_participant(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "d@un.org", "--role", "delegate"])
    assert result.exit_code != 0 and "participant" in result.output
    assert db.session.query(User).count() == 0


def test_a_page_asked_with_a_bad_token_says_so_instead_of_failing(client):
    response = client.get("/participants?lang=en", headers={"Authorization": "Bearer cm_not-a-token"})
    assert response.status_code == 401
    assert "invalid or revoked API token" in response.get_data(as_text=True)


def test_sign_in_does_not_read_a_json_body_as_its_form(client, make_user):
    _, token = make_user("secretariat")
    response = client.post("/login", json=[1], headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422  # the form again, with its errors
    assert 'name="email"' in response.get_data(as_text=True)
