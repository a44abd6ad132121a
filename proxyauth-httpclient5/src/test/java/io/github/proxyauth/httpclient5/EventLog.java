package io.github.proxyauth.httpclient5;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.AuthListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A recording listener: keeps every event. */
final class EventLog implements AuthListener {
  final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(AuthEvent event) {
    events.add(event);
  }

  List<AuthEvent.Type> types() {
    return events.stream().map(AuthEvent::type).toList();
  }
}
