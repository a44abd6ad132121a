package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.RecordedConnection;
import io.github.proxyauth.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Everything the proxy received, in order. Thread-safe. */
public final class Recorder {
  private final BlockingQueue<RecordedRequest> untaken = new LinkedBlockingQueue<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final List<RecordedConnection> connections = new ArrayList<>();

  /** Records one request; sequence numbers follow the order of these calls. */
  synchronized RecordedRequest request(RequestLine line, HttpHead head, long connectionId,
      AuthGate.Decision decision) {
    RecordedRequest request = new RecordedRequest(line.method(), line.target(), line.version(),
        head.headers(), connectionId, requests.size(), decision.auth(), decision.user());
    requests.add(request);
    untaken.add(request);
    return request;
  }

  synchronized void connection(RecordedConnection connection) {
    connections.add(connection);
  }

  /** Returns the oldest request not taken yet, waiting up to {@code timeout}; empty on timeout. */
  public Optional<RecordedRequest> take(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }

  public synchronized List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<RecordedConnection> connections() {
    return List.copyOf(connections);
  }
}
