package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Squid keeps a Negotiate connection authenticated, so proxyauth sends one Kerberos token per
 * connection, not one per request: {@value RoundTrips#REQUESTS} sequential plain-http GETs,
 * counted from Squid's auth log (which scheme each request carried, never the token).
 */
@ExtendWith(SquidExtension.class)
class NegotiateTokensTest {
  private final SquidLab lab;

  NegotiateTokensTest(SquidLab lab) {
    this.lab = lab;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Adapter.class, names = {"OKHTTP", "JDKHTTP"})
  void sendsOneTokenPerConnection(Adapter adapter) throws Exception {
    int before = lab.authLog().size();
    RoundTripProbe probe = RoundTripProbe.start(lab, SquidPort.NEGOTIATE, "http");
    String path = "/tokens/" + adapter;
    try (Adapter.Client client = adapter.open(lab, SquidPort.NEGOTIATE, Engines.forPort(lab,
        SquidPort.NEGOTIATE, SquidLab.PASSWORD, new RecordingListener()))) {
      for (String url : probe.urls(path)) {
        assertThat(client.get(url).status()).isEqualTo(200);
      }
    }
    List<AccessEntry> entries = probe.entries(RoundTrips.REQUESTS); // waits for Squid's logs
    List<String[]> lines = lab.authLog().subList(before, lab.authLog().size()).stream()
        .map(l -> l.trim().split("\\s+"))
        .filter(f -> f.length == 4 && f[0].equals(String.valueOf(lab.port(SquidPort.NEGOTIATE)))
            && f[3].contains(path))
        .collect(Collectors.toList());
    long tokens = lines.stream().filter(f -> f[2].equalsIgnoreCase("Negotiate")).count();
    long connections = lines.stream().map(f -> f[1]).distinct().count();
    long challenges = entries.stream().filter(AccessEntry::challenged).count();
    System.out.println(adapter + " negotiate http x" + RoundTrips.REQUESTS + ": tokens=" + tokens
        + " connections=" + connections + " 407s=" + challenges + " logged=" + lines.size());

    assertThat(lines).hasSizeGreaterThanOrEqualTo(RoundTrips.REQUESTS);
    assertThat(tokens).as("Negotiate tokens").isEqualTo(connections);
    assertThat(challenges).isLessThanOrEqualTo(1);
  }
}
