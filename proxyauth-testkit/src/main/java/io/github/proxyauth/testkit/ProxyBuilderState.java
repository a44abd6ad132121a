package io.github.proxyauth.testkit;

import io.github.proxyauth.testkit.internal.BasicServerScheme;
import io.github.proxyauth.testkit.internal.DigestConfig;
import io.github.proxyauth.testkit.internal.DigestServerScheme;
import io.github.proxyauth.testkit.internal.NegotiateServerScheme;
import io.github.proxyauth.testkit.internal.NtlmServerScheme;
import io.github.proxyauth.testkit.internal.ProxyConfig;
import io.github.proxyauth.testkit.internal.ServerScheme;
import io.github.proxyauth.testkit.internal.UserStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What {@link TestProxy.Builder} collected; turns it into the internal configuration. */
final class ProxyBuilderState {
  final UserStore users = new UserStore();
  final Map<String, String> schemes = new LinkedHashMap<>();
  final Set<Fault> faults = EnumSet.noneOf(Fault.class);
  boolean basicUtf8;
  List<String> digestAlgorithms = List.of("MD5");
  List<String> digestQops = List.of("auth");
  boolean digestUserhash;
  Duration nonceLifetime = Duration.ofMinutes(30);
  int nonceMaxUses = 50;
  @Nullable Path keytab;
  boolean negotiateConnectionBound = true;
  Duration replyDelay = Duration.ZERO;
  Duration timeout = Duration.ofSeconds(30);

  /** Adds scheme {@code name} with its realm, domain or principal. */
  void add(String name, String setting) {
    if (schemes.containsKey(name)) {
      throw new IllegalStateException("Expected " + name + " to be configured once, got twice");
    }
    schemes.put(name, setting);
  }

  ProxyConfig config() {
    List<ServerScheme> list = new ArrayList<>();
    schemes.forEach((name, setting) -> list.addAll(schemes(name, setting)));
    if (timeout.isZero()) {
      throw new IllegalArgumentException("Expected a positive timeout, got 0");
    }
    return new ProxyConfig(list, faults, replyDelay, timeout);
  }

  private List<ServerScheme> schemes(String name, String setting) {
    switch (name) {
      case "basic":
        return List.of(new BasicServerScheme(users, setting, basicUtf8));
      case "digest":
        return DigestServerScheme.forEachAlgorithm(users, new DigestConfig(setting,
            digestAlgorithms, digestQops, digestUserhash, nonceLifetime, nonceMaxUses));
      case "ntlm":
        return List.of(new NtlmServerScheme(users, setting));
      default:
        return List.of(new NegotiateServerScheme(java.util.Objects.requireNonNull(keytab), setting,
            negotiateConnectionBound));
    }
  }
}
