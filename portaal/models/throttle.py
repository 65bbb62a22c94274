from django.db import models


class ThrottleCounter(models.Model):
    """One rate-limit window: how many attempts a (hashed) key made until ``expires_at``.

    In the database rather than a cache: cached pages can never evict a counter, and every
    worker and host sees the same count (portaal/ratelimit.py).
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "tellerstand (inlogpogingen en formulieren)"
        verbose_name_plural = "tellerstanden (inlogpogingen en formulieren)"

    def __str__(self):
        return f"{self.count} tot {self.expires_at:%d-%m-%Y %H:%M}"
