package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Body size × scheme × client through the real Squid: a 10 MB upload (fixed length, replayable,
 * and chunked from a one-shot stream) as the first request of a new client, so on a new upstream
 * connection with a cold engine. The relay authenticates the connection with a body-less
 * {@code OPTIONS} probe that Squid challenges (Squid answers {@code OPTIONS} with
 * {@code Max-Forwards: 0} itself with a 501 and no challenge, so that probe never authenticated).
 */
@ExtendWith(SquidExtension.class)
class LargeUploadTest {
  static final int SIZE = 10 * 1024 * 1024;
  private final SquidLab lab;

  LargeUploadTest(SquidLab lab) {
    this.lab = lab;
  }

  static Stream<Arguments> cases() {
    return Stream.of(SquidPort.BASIC, SquidPort.DIGEST, SquidPort.NTLM, SquidPort.NEGOTIATE)
        .flatMap(port -> Stream.of("fixed", "one-shot").map(body -> Arguments.of(port, body)));
  }

  @ParameterizedTest(name = "java.net.http {0} {1} 10 MB")
  @MethodSource("cases")
  void aLargeUploadOnANewConnectionGetsThrough(SquidPort port, String body) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, "http");
    RecordingListener events = new RecordingListener();
    byte[] payload = new byte[SIZE];
    Arrays.fill(payload, (byte) 'u');
    HttpResponse<String> response;
    try (ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
            .connectTimeout(Adapter.TIMEOUT), Engines.forPort(lab, port, SquidLab.PASSWORD, events),
        ProxySelector.of(new InetSocketAddress("127.0.0.1", lab.port(port))))) {
      BodyPublisher publisher = body.equals("fixed") ? BodyPublishers.ofByteArray(payload)
          : BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload));
      response = client.send(HttpRequest.newBuilder(URI.create(probe.url("/upload/" + port.label()
          + "/" + body))).timeout(Adapter.TIMEOUT).POST(publisher).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(Origins.BODY);
    assertThat(lab.origins().received()).contains("POST /upload/" + port.label() + "/" + body
        + " " + SIZE);
    List<AccessEntry> entries = probe.entries(1);
    assertThat(entries).filteredOn(e -> e.status() == 200).isNotEmpty();
    assertThat(lab.origins().leaks()).isEmpty();
  }
}
