package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What one proxy does: its schemes in challenge order, initial faults, the delay before every
 * response head, and the read/connect timeout of every socket.
 */
public record ProxyConfig(
    List<ServerScheme> schemes, Set<Fault> faults, Duration replyDelay, Duration timeout) {

  public ProxyConfig {
    schemes = List.copyOf(schemes);
    faults = Set.copyOf(faults);
  }
}
