import pytest

from confmgr.core.actor import PUBLIC, Actor, Role
from confmgr.core.errors import Forbidden
from confmgr.core.permissions import PERMISSIONS, allowed, require


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_the_public_holds_no_permission_to_change_anything(permission):
    assert not allowed(PUBLIC, permission)


def test_secretariat_manages_the_registry_and_others_do_not():
    for role in Role:
        actor = Actor(role=role, user_id=1)
        assert allowed(actor, "participants.manage") == (role is Role.SECRETARIAT)


def test_a_refusal_says_who_may_not_do_what():
    with pytest.raises(Forbidden, match="participants.manage.*delegate"):
        require(Actor(role=Role.DELEGATE, user_id=3, participant_id=9), "participants.manage")


def test_an_unknown_permission_is_a_programming_error_not_a_silent_refusal():
    with pytest.raises(LookupError):
        allowed(PUBLIC, "participants.manag")
