"""Without the ministry fixture: a database whose trail has no event yet."""

from zona.audit.models import ChainHead, Event
from zona.audit.verify import verify_chain


def test_an_empty_trail_without_a_head_is_intact(db: None) -> None:
    assert not Event.objects.exists()
    ChainHead.objects.all().delete()
    result = verify_chain()
    assert result.ok and result.checked == 0
