package io.github.proxyauth.it.squid;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** An {@link AuthListener} that keeps every event, for assertions. Thread-safe. */
final class RecordingListener implements AuthListener {
  private final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(AuthEvent event) {
    events.add(event);
  }

  /** Returns the events so far, in order. */
  List<AuthEvent> events() {
    return List.copyOf(events);
  }

  /** Returns the events of {@code type}, in order. */
  List<AuthEvent> events(AuthEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).collect(Collectors.toList());
  }
}
