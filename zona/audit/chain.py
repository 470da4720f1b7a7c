"""The hash of an audit event: one canonical form, used to write and to verify.

Events carry the version of the recipe their hash was made with (`Event.format`), so a
recipe that hashes more can be adopted without breaking the chains already written:
1 (until December 2026) hashes every field but the object's name (`object_repr`);
2 hashes that name as well, and the version itself.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

HASH_FORMAT = 2  # the recipe of new events
FORMATS = (1, 2)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    prev_hash: str,
    object_repr: str,
    version: int = HASH_FORMAT,
) -> str:
    if version not in FORMATS:
        raise ValueError(f"unknown hash format {version}")
    fields: dict[str, Any] = {
        "seq": seq,
        "at": occurred_at.isoformat(timespec="microseconds"),
        "actor": actor_id,
        "actor_label": actor_label,
        "action": action,
        "type": object_type,
        "id": object_id,
        "before": before,
        "after": after,
        "prev": prev_hash,
    }
    if version == 2:
        fields |= {"repr": object_repr, "v": 2}
    return hashlib.sha256(canonical_json(fields).encode()).hexdigest()
