package io.github.proxyauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock that tests move by hand. */
public final class SettableClock extends Clock {
  private volatile Instant now;
  private final ZoneId zone;

  public SettableClock(Instant now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new SettableClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
