package io.github.proxyauth.relay.internal;

import io.github.proxyauth.relay.AccessLogEntry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** The relay's counters, for metrics: cheap to update from many threads. Thread-safe. */
public final class RelayStats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder refusedConnections = new LongAdder();
  private final LongAdder bytesToClients = new LongAdder();
  private final LongAdder bytesFromClients = new LongAdder();
  private final ConcurrentMap<Integer, LongAdder> responses = new ConcurrentHashMap<>();

  void record(AccessLogEntry entry) {
    requests.increment();
    bytesToClients.add(entry.bytesToClient());
    bytesFromClients.add(entry.bytesFromClient());
    LongAdder count = responses.get(entry.status());
    if (count == null) {
      count = responses.computeIfAbsent(entry.status(), s -> new LongAdder());
    }
    count.increment();
  }

  void refusedConnection() {
    refusedConnections.increment();
  }

  /** Returns how many requests (forwarded ones and tunnels) ended. */
  public long requests() {
    return requests.sum();
  }

  /** Returns how many client connections were closed at accept: their address is not allowed. */
  public long refusedConnections() {
    return refusedConnections.sum();
  }

  public long bytesToClients() {
    return bytesToClients.sum();
  }

  public long bytesFromClients() {
    return bytesFromClients.sum();
  }

  /** Returns the ended requests by the status sent (0: none), in status order. */
  public Map<Integer, Long> responsesByStatus() {
    Map<Integer, Long> copy = new TreeMap<>();
    responses.forEach((status, count) -> copy.put(status, count.sum()));
    return copy;
  }
}
