import pytest

from confmgr.core.lang import meeting_name, ordinal


@pytest.mark.parametrize("n, fr, en", [(1, "1re séance", "1st meeting"), (2, "2e séance", "2nd meeting"),
                                       (3, "3e séance", "3rd meeting"), (11, "11e séance", "11th meeting"),
                                       (14, "14e séance", "14th meeting"), (21, "21e séance", "21st meeting")])
def test_meeting_names_follow_each_language(n, fr, en):
    assert meeting_name(n, "fr") == fr
    assert meeting_name(n, "en") == en


def test_french_masculine_first_is_premier():
    assert ordinal(1, "fr") == "1er" and ordinal(1, "fr", feminine=True) == "1re"
