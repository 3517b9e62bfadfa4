"""State changes as data: a table of transitions and the one way to apply them.

Every status field in the project moves the same way: inside the caller's transaction,
lock the row, check the state it is in now, set the new state (with the fields that
change with it), save with `update_fields`, and write the audit entry that names the
action, who did it and from → to. An app describes its moves in a `TransitionTable`
and calls `transition_apply`; its side effects (e-mails, signals, outbox messages) stay
with the app.

The lock order (one order for the whole project)
=================================================

A service that locks more than one row takes them in this order, so that two services
can never each hold a row the other waits for (a deadlock):

1. Between wholes: **departure → booking → visit** (and a tailored request before its
   booking: the request is what the booking was made for).
2. Within a whole, **the whole before its parts**:

   - a departure before its allotment nights (allotments by id);
   - a booking before its payments (by id), before its invoices and credit notes,
     before its refunds, before its waiting-list entry;
   - a visit before its site visits (by id).
3. Rows of one kind in id order.

So whoever starts from a part (an invoice a manager marks paid, a refund Stripe
answers, a site visit a host answers) first looks up the id of its whole without a
lock, locks the whole, and only then the part. Calls to Stripe or any other outside
system happen after the commit, never while rows are locked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from .audit import audit_record


@dataclass(frozen=True)
class Transition:
    """One move: from any of `sources` to `target`, audited as `action`.

    A transition with no sources creates the row in its `target` state.
    """

    action: str
    sources: tuple[str, ...]
    target: str

    @property
    def creates(self) -> bool:
        return not self.sources


class TransitionTable:
    """The moves of one status field, by action name (each name once)."""

    def __init__(
        self,
        *transitions: Transition,
        field: str = "status",
        initial: str = "",
        error: type[Exception] = ValueError,
    ) -> None:
        self.field = field
        # The state a row is in before it exists (the field's default): the audit's
        # "from" of a creating transition that lands elsewhere.
        self.initial = initial
        self.error = error
        self._by_action: dict[str, Transition] = {}
        for item in transitions:
            if item.action in self._by_action:
                raise ValueError(f"transition {item.action!r} is named twice")
            self._by_action[item.action] = item

    def __getitem__(self, action: str) -> Transition:
        return self._by_action[action]

    def __iter__(self) -> Iterator[Transition]:
        return iter(self._by_action.values())

    def __contains__(self, action: object) -> bool:
        return action in self._by_action

    def allows(self, action: str, state: str) -> bool:
        return state in self._by_action[action].sources


def transition_apply(
    instance: models.Model,
    *,
    table: TransitionTable,
    action: str,
    actor=None,
    actor_label: str = "",
    changes: Mapping[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    message=None,
    lock: bool = True,
) -> models.Model:
    """Move `instance` by the table's `action`, inside the caller's transaction.

    Locks the row (unless `lock=False`: the caller locked it in this transaction) and
    reads the state it is in NOW, so a stale instance cannot move from a state the row
    has left. Raises `table.error(message)` when the move is not allowed from there,
    changing nothing. Sets the target state and `changes` on the instance, saves them
    with update_fields (and `updated_at` when the model has it), and writes one audit
    entry named `action` (from → to, `data`). Returns the instance.
    """
    move = table[action]
    if move.creates:
        raise ValueError(f"{action!r} creates a row: use transition_create")
    field = table.field
    model = type(instance)
    with transaction.atomic():
        if lock:
            current = (
                model._default_manager.select_for_update(of=("self",))
                .filter(pk=instance.pk)
                .values_list(field, flat=True)
                .get()
            )
        else:
            current = getattr(instance, field)
        if current not in move.sources:
            raise table.error(message) if message is not None else table.error()
        fields = [field, *(changes or {})]
        for name, value in (changes or {}).items():
            setattr(instance, name, value)
        setattr(instance, field, move.target)
        if _has_field(model, "updated_at"):
            fields.append("updated_at")
        instance.save(update_fields=list(dict.fromkeys(fields)))
        audit_record(
            subject=instance,
            action=action,
            actor=actor,
            actor_label=actor_label or ("" if actor else "system"),
            from_state=current,
            to_state=move.target,
            data=data,
        )
    return instance


def transition_create(
    model: type[models.Model],
    *,
    table: TransitionTable,
    action: str,
    actor=None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
    **fields: Any,
) -> models.Model:
    """Create a row in the state of a creating transition, with its audit entry."""
    move = table[action]
    if not move.creates:
        raise ValueError(f"{action!r} moves an existing row: use transition_apply")
    with transaction.atomic():
        instance = model._default_manager.create(**{**fields, table.field: move.target})
        audit_record(
            subject=instance,
            action=action,
            actor=actor,
            actor_label=actor_label or ("" if actor else "system"),
            from_state=table.initial if table.initial != move.target else "",
            to_state=move.target,
            data=data,
        )
    return instance


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def sources_of(table: TransitionTable) -> Iterable[str]:
    return {state for move in table for state in move.sources}
