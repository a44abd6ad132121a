package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips of the reference clients, for comparison with proxyauth's adapters: curl with
 * {@code --proxy-anyauth}, the JDK's {@code HttpURLConnection} (in a child JVM) and Apache
 * HttpClient 5 with its own (for NTLM deprecated) schemes and one shared context, 20 sequential
 * requests each, counted from Squid's access log into {@code roundtrips.md}.
 */
@ExtendWith(SquidExtension.class)
class ReferenceClientsTest {
  static final String CURL = "curl --proxy-anyauth";
  static final String URL_CONNECTION = "JDK HttpURLConnection";
  static final String HTTPCLIENT5_OWN = "HttpClient 5 own schemes, one context";
  static final String HTTPCLIENT5_OWN_FRESH = "HttpClient 5 own schemes, context per request";

  private final SquidLab lab;

  ReferenceClientsTest(SquidLab lab) {
    this.lab = lab;
  }

  static Stream<Arguments> cases() {
    return Stream.of(SquidPort.BASIC, SquidPort.DIGEST, SquidPort.NTLM, SquidPort.NEGOTIATE)
        .flatMap(port -> Stream.of("http", "https").map(target -> Arguments.of(port, target)));
  }

  @ParameterizedTest(name = "curl {0} {1}")
  @MethodSource("cases")
  void curlGetsThroughWithTheRoundTripsRecorded(SquidPort port, String target) throws Exception {
    Assumptions.assumeTrue(Curl.available(), "curl is not installed at /usr/bin/curl");
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    List<String> auth = port == SquidPort.NEGOTIATE ? Curl.anyAuth("", "")
        : Curl.anyAuth(SquidLab.USER, SquidLab.PASSWORD);

    Curl.Result result = Curl.fetch(lab, port, auth, probe.urls("/curl/" + port.label()));

    assertThat(result.statuses()).as(result.stderr())
        .isEqualTo(Collections.nCopies(RoundTrips.REQUESTS, 200));
    RoundTrips.Row row = probe.record(CURL, probe.entries(RoundTrips.REQUESTS));
    assertThat(row.logged()).isPositive();
  }

  @ParameterizedTest(name = "HttpURLConnection {0} {1}")
  @MethodSource("cases")
  void urlConnectionGetsThroughWithTheRoundTripsRecorded(SquidPort port, String target)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);

    List<Integer> statuses = UrlConnectionClient.run(lab, port, SquidLab.USER, SquidLab.PASSWORD,
        probe.urls("/urlconnection/" + port.label()));

    assertThat(statuses).isEqualTo(Collections.nCopies(RoundTrips.REQUESTS, 200));
    RoundTrips.Row row = probe.record(URL_CONNECTION, probe.entries(RoundTrips.REQUESTS));
    assertThat(row.logged()).isPositive();
  }

  static Stream<Arguments> httpClient5Cases() {
    return cases().filter(a -> a.get()[0] != SquidPort.NEGOTIATE);
  }

  static Stream<Arguments> httpClient5OwnCases() {
    return httpClient5Cases().flatMap(a -> Stream.of(true, false)
        .map(shared -> Arguments.of(a.get()[0], a.get()[1], shared)));
  }

  @ParameterizedTest(name = "HttpClient 5 own {0} {1} shared context={2}")
  @MethodSource("httpClient5OwnCases")
  void httpClient5OwnSchemesGetThroughWithTheRoundTripsRecorded(SquidPort port, String target,
      boolean sharedContext) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    List<Integer> statuses = HttpClient5Own.run(lab, port,
        probe.urls("/hc5own/" + port.label() + "/" + sharedContext), sharedContext);

    assertThat(statuses).isEqualTo(Collections.nCopies(RoundTrips.REQUESTS, 200));
    RoundTrips.Row row = probe.record(sharedContext ? HTTPCLIENT5_OWN : HTTPCLIENT5_OWN_FRESH,
        probe.entries(RoundTrips.REQUESTS));
    assertThat(row.logged()).isPositive();
  }
}
