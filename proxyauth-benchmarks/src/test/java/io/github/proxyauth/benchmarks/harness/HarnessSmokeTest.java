package io.github.proxyauth.benchmarks.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.OneConnection;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import io.github.proxyauth.relay.ProxyRelay;
import java.net.ProxySelector;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Runs the harnesses briefly against the test kit's proxy (in this JVM) and checks their keys. */
class HarnessSmokeTest {

  @Test
  void interleavedRunsEveryOperationOncePerRoundInShuffledOrdersAndSortsItsTimings()
      throws Exception {
    List<String> order = new java.util.ArrayList<>();
    Map<String, Interleaved.Operation> ops = new LinkedHashMap<>();
    for (String name : List.of("a", "b", "c")) {
      ops.put(name, () -> order.add(name));
    }
    Map<String, Interleaved.Timings> t = Interleaved.forRounds(ops, 1, 30);
    assertThat(order).hasSize(31 * 3);
    java.util.Set<String> followed = new java.util.HashSet<>();
    for (int round = 0; round < 31; round++) {
      List<String> one = order.subList(3 * round, 3 * round + 3);
      assertThat(one).containsExactlyInAnyOrder("a", "b", "c");
      followed.add(one.get(0) + one.get(1));
      followed.add(one.get(1) + one.get(2));
    }
    // A rotation (a b c, b c a, ...) only ever has a before b, b before c and c before a.
    assertThat(followed).contains("ab", "ba", "bc", "cb", "ac", "ca");
    assertThat(t.get("a").nanos()).hasSize(30).isSorted();
  }

  @Test
  void endToEndStoresEverySchemeOfEveryClientNextToNoAuth() throws Exception {
    Properties out = new Properties();
    Map<String, ProxyHandle> proxies = new LinkedHashMap<>();
    try {
      for (String scheme : List.of("none", "basic", "ntlm")) {
        proxies.put(scheme, ProxyHandle.start(scheme));
      }
      new EndToEnd(out, Duration.ZERO, Duration.ofMillis(200))
          .proxyauth("e2e.test", proxies, Clients::engine);
    } finally {
      proxies.values().forEach(ProxyHandle::close);
    }
    for (String client : EndToEnd.CLIENTS) {
      for (String scheme : proxies.keySet()) {
        assertThat(out).containsKey("e2e.test." + client + "." + scheme + ".mean.us");
      }
    }
  }

  @Test
  void theLocalProxyKeepsOneClientConnectionAndOneUpstreamHandshakeForNtlm() throws Exception {
    try (ProxyHandle upstream = ProxyHandle.start("ntlm");
        ProxyRelay relay = ProxyRelay.builder(Clients.engine("ntlm"))
            .upstream(ProxySelector.of(upstream.proxy())).allowWithoutSecret().build()) {
      List<String> urls = IntStream.rangeClosed(1, 20).mapToObj(i -> "http://127.0.0.1:"
          + upstream.httpOrigin() + "/small?" + i).toList();
      OneConnection.Result r = OneConnection.forward(SquidRoundTrips.listener(relay), urls);
      assertThat(r.statuses()).isEqualTo(Collections.nCopies(20, 200));
      assertThat(r.clientConnections()).isEqualTo(1);
    }
  }

  @Test
  void concurrencyCountsNoFailureAndPerConnectionUsageThroughTheLocalProxy() throws Exception {
    Properties out = new Properties();
    try (ProxyHandle upstream = ProxyHandle.start("basic");
        ProxyRelay relay = ProxyRelay.builder(Clients.engine("basic"))
            .upstream(ProxySelector.of(upstream.proxy())).allowWithoutSecret().build()) {
      new Concurrency(out).measure("t", SquidRoundTrips.listener(relay), upstream.httpOrigin(),
          10, ProcessHandle.current().pid());
    }
    assertThat(out.getProperty("conc.t.failures")).isEqualTo("0");
    assertThat(out).containsKeys("conc.t.threads.per", "conc.t.fds.per", "conc.t.bytes.per");
  }
}
