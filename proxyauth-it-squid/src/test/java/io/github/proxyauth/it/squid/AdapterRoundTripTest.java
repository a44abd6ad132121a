package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips of proxyauth's adapters for {@value RoundTrips#REQUESTS} sequential requests on one
 * client, from Squid's access log: Basic and Negotiate at most one 407, Digest one (plus, for
 * tunnels, a stale renewal per spent nonce), NTLM one handshake per connection. Rows go to
 * {@code roundtrips.md}.
 */
@ExtendWith(SquidExtension.class)
class AdapterRoundTripTest {
  private final SquidLab lab;

  AdapterRoundTripTest(SquidLab lab) {
    this.lab = lab;
  }

  static Stream<Arguments> cases() {
    return AdapterMatrixTest.cases();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void sequentialRequestsCostTheExpectedRoundTrips(Adapter adapter, SquidPort port,
      String target) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    List<Integer> statuses = new ArrayList<>();
    try (Adapter.Client client = adapter.open(lab, port,
        Engines.forPort(lab, port, SquidLab.PASSWORD, new RecordingListener()))) {
      for (String url : probe.urls("/roundtrips/" + adapter + "/" + port.label())) {
        statuses.add(client.get(url).status());
      }
    }

    assertThat(statuses).isEqualTo(Collections.nCopies(RoundTrips.REQUESTS, 200));
    RoundTrips.Row row = probe.record(adapter.label(), probe.entries(RoundTrips.REQUESTS));
    assertThat(row.challenges()).as(row.toString())
        .isLessThanOrEqualTo(allowed407s(port, target, row));
  }

  private static int allowed407s(SquidPort port, String target, RoundTrips.Row row) {
    switch (port) {
      case DIGEST:
        // Forwarded requests: one challenge, then the nextnonce that Squid announces in
        // Proxy-Authentication-Info on a nonce's last use. Squid's 200 to CONNECT carries no such
        // header, so tunnels take a stale=true renewal each time Squid retires a nonce.
        return target.equals("http") ? 1 : 1 + (RoundTrips.REQUESTS
            + SquidLab.DIGEST_NONCE_MAX - 1) / SquidLab.DIGEST_NONCE_MAX;
      case NTLM:
        // the first connection may start without credentials: 407 (no auth), 407 (Type 2)
        return row.connections() + 1;
      default:
        return 1;
    }
  }
}
