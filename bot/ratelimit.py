"""A pacing limiter per sender, driven by an injected clock so tests stay deterministic.

Twilio meters messages per second per sender and queues (then fails, 30001) what exceeds it, so we
pace ourselves instead. Slots are 1/rate apart and never bunch up after a pause (no burst): in any
window of T seconds at most ⌊T·rate⌋ + 1 messages leave, the "never above the configured rate" rule.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta


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
        """Use the slot if it has come; False (nothing used) when the caller must wait."""
        with self.lock:
            if self.next_slot is not None and now < self.next_slot:
                return False
            self.next_slot = max(self.next_slot or now, now) + self.interval
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
