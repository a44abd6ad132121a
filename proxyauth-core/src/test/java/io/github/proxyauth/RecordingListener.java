package io.github.proxyauth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event. */
public final class RecordingListener implements AuthListener {
  public final List<AuthEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(AuthEvent event) {
    events.add(event);
  }

  public List<AuthEvent.Type> types() {
    return events.stream().map(AuthEvent::type).toList();
  }
}
