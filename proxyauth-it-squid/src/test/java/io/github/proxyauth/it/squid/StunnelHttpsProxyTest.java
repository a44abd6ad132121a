package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.relay.LocalProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Squid as an https proxy: a real {@code stunnel4} accepts TLS in front of each scheme's
 * port, and a {@link LocalProxy} reaches it through a {@link ProxyDiscovery} with
 * {@code tlsProxies(true)} and an {@code https://localhost:<port>} proxy URL, trusting the
 * stunnel certificate. curl (no proxyauth code, a plain {@code http://} proxy for it) goes through
 * the local proxy to the http and https origins. Right password: the origin got the request,
 * Squid's access log names the user and stunnel carried the connection. Wrong password: 407 with
 * the diagnosis header, nothing through. An untrusted certificate: 502 naming TLS, and not a
 * byte reached Squid.
 */
@ExtendWith(SquidExtension.class)
class StunnelHttpsProxyTest {
  private static final List<SquidPort> PORTS = List.of(SquidPort.BASIC, SquidPort.DIGEST,
      SquidPort.NTLM, SquidPort.NEGOTIATE);
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})");
  private static final AtomicInteger CASES = new AtomicInteger();
  private static Stunnel stunnel;

  private final SquidLab lab;

  StunnelHttpsProxyTest(SquidLab lab) {
    this.lab = lab;
  }

  @BeforeAll
  static void startStunnel(SquidLab lab, @TempDir Path dir) throws IOException {
    ToolProcess.require(Stunnel.STUNNEL, "stunnel4");
    ToolProcess.require(CommandLineClients.CURL, "curl");
    stunnel = Stunnel.start(lab, PORTS, dir);
  }

  @AfterAll
  static void stopStunnel() {
    if (stunnel != null) {
      stunnel.close();
    }
  }

  static Stream<Arguments> cases() {
    return PORTS.stream().flatMap(port -> Stream.of("http", "https")
        .map(target -> Arguments.of(port, target)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void rightPasswordGetsThroughTheHttpsProxy(SquidPort port, String target, @TempDir Path work)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    String path = path(port, target, "right");
    int handshakes = stunnel.handshakes();

    CurlRun run = curl(port, SquidLab.PASSWORD, stunnel.clientTls(), probe.url(path), work);

    assertThat(run.exit()).as(run.transcript()).isZero();
    assertThat(run.body()).as(run.transcript()).isEqualTo(Origins.BODY);
    assertThat(lab.origins().received()).contains("GET " + path + " 0");
    assertThat(probe.entries(1)).filteredOn(e -> e.status() == 200).isNotEmpty()
        .extracting(AccessEntry::user).containsOnly(Optional.of(expectedUser(port)));
    assertThat(stunnel.handshakes()).as(stunnel.logTail()).isGreaterThan(handshakes);
    assertThat(lab.origins().leaks()).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void wrongPasswordGetsA407WithTheDiagnosis(SquidPort port, String target, @TempDir Path work)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    String path = path(port, target, "wrong");

    CurlRun run = curl(port, SquidLab.WRONG_PASSWORD, stunnel.clientTls(), probe.url(path),
        work);

    assertThat(run.status()).as(run.transcript()).hasValue(407);
    assertThat(ClientOutcome.diagnosisIn(run.head())).as(run.transcript())
        .get(InstanceOfAssertFactories.STRING).contains(expectedReason(port));
    assertThat(run.transcript()).doesNotContain(SquidLab.WRONG_PASSWORD);
    assertThat(lab.origins().received()).noneMatch(r -> r.contains(path));
    assertThat(probe.entries(0)).noneMatch(e -> e.status() == 200);
  }

  @Test
  void untrustedCertificateGivesA502NamingTlsAndNothingReachesSquid(@TempDir Path work)
      throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, SquidPort.BASIC, "http");
    String path = path(SquidPort.BASIC, "http", "untrusted");
    int toSquid = stunnel.connectionsToSquid();
    HeldCertificate stranger = new HeldCertificate.Builder().commonName("localhost").build();
    SSLContext trustsAStranger = new HandshakeCertificates.Builder()
        .addTrustedCertificate(stranger.certificate()).build().sslContext();

    CurlRun run = curl(SquidPort.BASIC, SquidLab.PASSWORD, trustsAStranger, probe.url(path),
        work);

    assertThat(run.status()).as(run.transcript()).hasValue(502);
    assertThat(run.body()).as(run.transcript()).contains("TLS handshake with the https proxy")
        .contains("not trusted");
    assertThat(probe.entries(0)).as(lab.accessLog().text()).isEmpty();
    assertThat(stunnel.connectionsToSquid()).as(stunnel.logTail()).isEqualTo(toSquid);
    assertThat(lab.origins().received()).noneMatch(r -> r.contains(path));
  }

  /** What one curl run left: exit status, response heads (CONNECT's too), body and stderr. */
  private record CurlRun(int exit, String head, String body, String transcript) {
    OptionalInt status() {
      return ClientOutcome.firstStatus(STATUS, head);
    }
  }

  private CurlRun curl(SquidPort port, String password, SSLContext proxyTls, String url,
      Path work) throws IOException, InterruptedException {
    Path home = Files.createDirectories(work.resolve("home"));
    Path headers = work.resolve("curl.headers");
    Path body = work.resolve("curl.body");
    ToolProcess.Result result;
    try (LocalProxy proxy = localProxy(port, password, proxyTls)) {
      result = ToolProcess.run(List.of(CommandLineClients.CURL.toString(), "-q", "-sS",
          "--max-time", "30", "-x", "http://127.0.0.1:" + proxy.address().getPort(),
          "--cacert", lab.caPem().toString(), "-D", headers.toString(), "-o", body.toString(),
          url), work, home, Map.of());
    }
    String head = CommandLineClients.readIfThere(headers);
    return new CurlRun(result.exit(), head, CommandLineClients.readIfThere(body),
        result.transcript() + "\n--- headers\n" + head);
  }

  private LocalProxy localProxy(SquidPort port, String password, SSLContext proxyTls)
      throws IOException {
    ProxyAuthenticator engine = Engines.forPort(lab, port, password, new RecordingListener());
    ProxyDiscovery upstream = ProxyDiscovery.builder().proxy(stunnel.proxyUrl(port))
        .tlsProxies(true).build();
    assertThat(upstream.select(URI.create("http://127.0.0.1/")).get(0).toString())
        .startsWith("HTTPS @ localhost:");
    return LocalProxy.builder(engine).upstream(upstream).proxyTls(proxyTls)
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
  }

  private static String path(SquidPort port, String target, String kind) {
    // Unique per attempt: a rerun of a failed case must not see the first attempt's requests.
    return "/stunnel/" + port.label() + "/" + target + "/" + kind + "/" + CASES.incrementAndGet();
  }

  private static String expectedReason(SquidPort port) {
    // The KDC refuses a wrong Kerberos password: the login fails before Squid sees a token.
    return (port == SquidPort.NEGOTIATE ? Diagnosis.Reason.SCHEME_FAILED
        : Diagnosis.Reason.CREDENTIALS_REJECTED).name();
  }

  private String expectedUser(SquidPort port) {
    return port == SquidPort.NEGOTIATE ? lab.principal() : SquidLab.USER;
  }
}
