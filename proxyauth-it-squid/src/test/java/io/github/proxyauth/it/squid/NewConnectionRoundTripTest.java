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
 * One client, {@value #CONNECTIONS} connections to Squid one after the other (the idle one closed
 * each time), two requests on each: once a scheme worked, a new connection authenticates ahead,
 * so Basic, Digest and Negotiate cost one 407 in all and NTLM one Type 2 per connection (plus the
 * first connection's anonymous request). From Squid's access log.
 */
@ExtendWith(SquidExtension.class)
class NewConnectionRoundTripTest {
  static final int CONNECTIONS = 4;

  private final SquidLab lab;

  NewConnectionRoundTripTest(SquidLab lab) {
    this.lab = lab;
  }

  static Stream<Arguments> cases() {
    return Stream.of(Adapter.HTTPCLIENT5, Adapter.HTTPCLIENT5_ASYNC, Adapter.OKHTTP)
        .flatMap(adapter -> Stream.of(SquidPort.BASIC, SquidPort.DIGEST, SquidPort.NTLM,
            SquidPort.NEGOTIATE).flatMap(port -> Stream.of("http", "https")
                .map(target -> Arguments.of(adapter, port, target))));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void newConnectionsAuthenticateAhead(Adapter adapter, SquidPort port, String target)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    List<Integer> statuses = new ArrayList<>();
    try (Adapter.Client client = adapter.open(lab, port,
        Engines.forPort(lab, port, SquidLab.PASSWORD, new RecordingListener()))) {
      for (int c = 0; c < CONNECTIONS; c++) {
        client.closeIdleConnections();
        for (int r = 0; r < 2; r++) {
          statuses.add(client.get(probe.url("/new-connections/" + adapter + "/" + port.label()
              + "/" + c + "-" + r)).status());
        }
      }
    }

    assertThat(statuses).isEqualTo(Collections.nCopies(2 * CONNECTIONS, 200));
    RoundTrips.Row row = RoundTrips.row(adapter.label(), port, target,
        probe.entries(2 * CONNECTIONS));
    assertThat(row.connections()).as(row.toString()).isEqualTo(CONNECTIONS);
    assertThat(row.challenges()).as(row.toString())
        .isEqualTo(port == SquidPort.NTLM ? CONNECTIONS + 1 : 1);
  }
}
