package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One client, {@value #CONNECTIONS} connections to Squid one after the other, two requests on each
 * (the second asks for {@code Connection: close}): once a scheme worked, a new connection authenticates ahead,
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

  /**
   * Not the async HttpClient 5 through tunnels: it speaks HTTP/2 to the lab's https origin, where
   * a request cannot close its connection (the test kit's HTTP/1.1 origin covers it).
   */
  static Stream<Arguments> cases() {
    Set<Adapter> closing = EnumSet.of(Adapter.HTTPCLIENT5, Adapter.HTTPCLIENT5_ASYNC,
        Adapter.OKHTTP);
    return AdapterMatrixTest.cases().filter(a -> closing.contains((Adapter) a.get()[0])
        && (a.get()[0] != Adapter.HTTPCLIENT5_ASYNC || a.get()[2].equals("http")));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void newConnectionsAuthenticateAhead(Adapter adapter, SquidPort port, String target)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    List<Integer> statuses = new ArrayList<>();
    try (Adapter.Client client = adapter.open(lab, port,
        Engines.forPort(lab, port, SquidLab.PASSWORD, new RecordingListener()))) {
      String path = "/new-connections/" + adapter + "/" + port.label() + "/";
      for (int c = 0; c < CONNECTIONS; c++) {
        statuses.add(client.get(probe.url(path + c + "-0")).status());
        statuses.add(client.getClosing(probe.url(path + c + "-1")).status());
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
