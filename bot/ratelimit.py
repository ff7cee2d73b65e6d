"""A pacing limiter per sender, driven by an injected clock so tests stay deterministic.

Twilio meters messages per second per sender and queues (then fails, 30001) what exceeds it, so we
pace ourselves instead. Slots lie on a grid 1/rate apart, starting at the first send: no send leaves
before its grid point, so from the first send on the average never exceeds the rate. A sender that
fell behind by less than CATCH_UP uses the missed slots at once (a burst of at most CATCH_UP·rate);
after a longer pause nothing is owed, so sends never bunch up after idling.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

CATCH_UP = timedelta(milliseconds=100)


@dataclass
class Pacer:
    """Hands out send slots 1/rate seconds apart."""

    rate_per_second: float
    next_slot: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def interval(self) -> timedelta:
        return timedelta(seconds=1 / self.rate_per_second)

    def wait_time(self, now: datetime) -> float:
        """Seconds until the next slot (0 when a message may leave now)."""
        with self.lock:
            if self.next_slot is None or now >= self.next_slot:
                return 0.0
            return (self.next_slot - now).total_seconds()

    def take(self, now: datetime) -> bool:
        """Use the slot if it has come; False (nothing used) when the caller must wait.

        Slots stay on their grid when the caller is a little late (a slow commit, a busy CPU), so
        lateness does not add up into a lower rate: up to CATCH_UP of missed slots are used as soon
        as possible. After a longer pause the grid starts again, nothing owed.
        """
        with self.lock:
            if self.next_slot is not None and now < self.next_slot:
                return False
            on_grid = self.next_slot is not None and now - self.next_slot < max(self.interval, CATCH_UP)
            self.next_slot = (self.next_slot if on_grid and self.next_slot else now) + self.interval
            return True

    def take_anyway(self, now: datetime) -> None:
        """A reply to a user never waits; it pushes the next bulk slot back instead."""
        with self.lock:
            self.next_slot = max(self.next_slot or now, now) + self.interval


@dataclass
class Pacers:
    """One pacer per sender (provider and channel), created on first use."""

    rate_per_second: float
    by_sender: dict[str, Pacer] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def of(self, sender: str) -> Pacer:
        with self.lock:
            if sender not in self.by_sender:
                self.by_sender[sender] = Pacer(self.rate_per_second)
            return self.by_sender[sender]
