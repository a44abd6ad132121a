package io.github.proxyauth.it.squid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Uploads through Squid: body size × scheme × body kind × client × {http, https}, each the first
 * request of a fresh engine on a fresh connection, then once more on a new connection with the
 * engine warm. Squid answers a 407 as soon as it has read the request head and stops reading the
 * body, so a client that sends a large body on a leg Squid challenges blocks until its timeout.
 * The java.net.http rows come with the relay's upload work.
 */
@ExtendWith(SquidExtension.class)
class UploadMatrixTest {
  private static final MediaType OCTETS = MediaType.get("application/octet-stream");

  private final SquidLab lab;

  UploadMatrixTest(SquidLab lab) {
    this.lab = lab;
  }

  /** How the body can be sent: again on every leg, or once only. */
  enum Body {
    REPLAYABLE, ONE_SHOT;

    RequestBody of(int size) {
      byte[] data = new byte[size];
      return this == REPLAYABLE ? RequestBody.create(data, OCTETS) : new RequestBody() {
        @Override
        public @Nullable MediaType contentType() {
          return OCTETS;
        }

        @Override
        public long contentLength() {
          return size;
        }

        @Override
        public boolean isOneShot() {
          return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
          sink.write(data);
        }
      };
    }
  }

  /** The client that uploads. */
  enum Uploader {
    OKHTTP;

    OkHttpClient open(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
      HandshakeCertificates trust = lab.origins().clientTrust();
      return OkHttpProxyAuthenticator.configure(new OkHttpClient.Builder(), engine,
              new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", lab.port(port))))
          .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
          .callTimeout(Adapter.TIMEOUT).build();
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(1 << 20, 10 << 20).flatMap(size -> Stream.of(SquidPort.BASIC,
            SquidPort.DIGEST, SquidPort.NTLM, SquidPort.NEGOTIATE)
        .flatMap(port -> Stream.of(Body.values()).flatMap(body -> Stream.of(Uploader.values())
            .flatMap(client -> Stream.of("http", "https")
                .map(target -> Arguments.of(size, port, body, client, target))))));
  }

  @ParameterizedTest(name = "{0} bytes {1} {2} {3} {4}")
  @MethodSource("cases")
  void uploadSucceedsOnAFreshConnectionAndAgainOnANewOne(int size, SquidPort port, Body body,
      Uploader uploader, String target) throws Exception {
    RoundTripProbe probe = RoundTripProbe.start(lab, port, target);
    String path = "/upload/" + size + "/" + port.label() + "/" + body + "/" + uploader + "/"
        + target;
    OkHttpClient client = uploader.open(lab, port,
        Engines.forPort(lab, port, SquidLab.PASSWORD, new RecordingListener()));
    try {
      assertThat(post(client, probe.url(path + "/1"), body.of(size)))
          .isEqualTo("200 " + Origins.BODY);
      client.connectionPool().evictAll(); // the second upload goes on a new connection
      assertThat(post(client, probe.url(path + "/2"), body.of(size)))
          .isEqualTo("200 " + Origins.BODY);
    } finally {
      close(client);
    }

    // http: the handshake ran on a body-less HEAD probe, which Squid then let through; the
    // connection-bound schemes (NTLM, and Negotiate, which Squid keeps per connection) need one on
    // every new connection, the others answer from the auth cache. https: the body goes into an
    // authenticated tunnel.
    List<String> expected = target.equals("https")
        ? List.of("POST " + path + "/1 " + size, "POST " + path + "/2 " + size)
        : port == SquidPort.NTLM || port == SquidPort.NEGOTIATE
        ? List.of("HEAD " + path + "/1 0", "POST " + path + "/1 " + size, "HEAD " + path + "/2 0",
            "POST " + path + "/2 " + size)
        : List.of("HEAD " + path + "/1 0", "POST " + path + "/1 " + size,
            "POST " + path + "/2 " + size);
    assertThat(received(path)).containsExactlyElementsOf(expected);
    List<AccessEntry> entries = probe.entries(2);
    // Squid never challenged a request that carried the body.
    assertThat(entries).filteredOn(AccessEntry::challenged).extracting(AccessEntry::method)
        .doesNotContain("POST");
    assertThat(lab.origins().leaks()).isEmpty();
  }

  static Stream<Arguments> wrongPasswords() {
    return Stream.of(SquidPort.BASIC, SquidPort.DIGEST, SquidPort.NTLM)
        .flatMap(port -> Stream.of(Body.values()).map(body -> Arguments.of(port, body)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongPasswords")
  void wrongPasswordFailsWithADiagnosisBeforeTheBodyIsSent(SquidPort port, Body body)
      throws Exception {
    String path = "/upload/wrong/" + port.label() + "/" + body;
    OkHttpClient client = Uploader.OKHTTP.open(lab, port,
        Engines.forPort(lab, port, SquidLab.WRONG_PASSWORD, new RecordingListener()));
    ProxyAuthException failure;
    try {
      failure = catchThrowableOfType(ProxyAuthException.class,
          () -> post(client, lab.origins().httpUrl(path), body.of(10 << 20)));
    } finally {
      close(client);
    }

    assertThat(failure).as("a ProxyAuthException").isNotNull();
    assertThat(failure.diagnosis()).get().extracting(Diagnosis::reason)
        .isEqualTo(Diagnosis.Reason.CREDENTIALS_REJECTED);
    assertThat(received(path)).isEmpty();
  }

  private List<String> received(String path) {
    return lab.origins().received().stream().filter(r -> r.contains(" " + path + "/")
        || r.contains(" " + path + " ")).toList();
  }

  private static String post(OkHttpClient client, String url, RequestBody body)
      throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).post(body).build())
        .execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  private static void close(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
