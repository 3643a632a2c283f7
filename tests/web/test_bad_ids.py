"""A number too large for an id, in a route or a query, is a 404 and never reaches the database."""
import pytest

from confmgr.core.actor import SYSTEM
from confmgr.extensions import db
from confmgr.registry import services as registry

HUGE = "99999999999999999999"


@pytest.fixture
def setup(app, make_user):
    registry.create_meeting(db.session, SYSTEM, number=1, date="2012-08-27")
    db.session.commit()
    return make_user("secretariat")[1]


@pytest.mark.parametrize("method, url", [
    ("get", f"/api/v1/motions/{HUGE}"),
    ("get", f"/api/v1/decisions?meeting={HUGE}"),
    ("get", f"/api/v1/meetings/{HUGE}/statements"),
    ("get", f"/api/v1/speakers-lists/{HUGE}/statements"),
    ("post", f"/api/v1/speakers-lists/{HUGE}/ruling"),
    ("get", f"/api/v1/credentials/files/{HUGE}"),
    ("get", f"/credentials/files/{HUGE}"),
    ("post", f"/api/v1/elections/{HUGE}/acclamation"),
])
def test_a_huge_id_is_not_found(client, setup, bearer, method, url):
    response = getattr(client, method)(url, headers=bearer(setup), json={} if method == "post" else None)
    assert response.status_code == 404


def test_the_largest_id_a_column_holds_is_looked_up(client, setup, bearer):
    response = client.get("/api/v1/motions/2147483647", headers=bearer(setup))
    assert response.status_code == 404 and response.get_json()["error"] == "motion 2147483647 not found"
