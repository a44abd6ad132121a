package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.Calls.since;
import static io.github.proxyauth.okhttp.ProxyScheme.CANARY;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forwarded uploads larger than the proxy drains (10 MB) and one-shot bodies, as the first request
 * on a fresh connection: the handshake runs on body-less HEAD probes and the body goes once.
 */
class UploadTest {
  static final int SIZE = 10 * 1024 * 1024;

  enum Body {
    REPLAYABLE, ONE_SHOT;

    RequestBody create(int size) {
      byte[] data = new byte[size];
      if (this == REPLAYABLE) {
        return RequestBody.create(data, MediaType.get("application/octet-stream"));
      }
      return new RequestBody() {
        @Override
        public @Nullable MediaType contentType() {
          return MediaType.get("application/octet-stream");
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

  static Kerberos kerberos;

  @BeforeAll
  static void startKdc() throws Exception {
    kerberos = Kerberos.start();
  }

  @AfterAll
  static void stopKdc() throws Exception {
    kerberos.close();
  }

  static Stream<Arguments> schemesAndBodies() {
    return Arrays.stream(ProxyScheme.values()).flatMap(s -> Arrays.stream(Body.values())
        .map(b -> Arguments.of(s, b)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndBodies")
  void largeUploadOnFreshConnectionsHandshakesOnProbesAndSendsTheBodyOnce(ProxyScheme scheme,
      Body body) throws Exception {
    try (TestProxy proxy = scheme.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(scheme.engine(PASSWORD).build(), proxy);

      assertThat(post(client, origin.url("/up/1"), body.create(SIZE))).isEqualTo("200 hello from /up/1");
      List<RecordedRequest> first = proxy.requests();
      assertThat(first).filteredOn(r -> r.method().equals("POST")).singleElement()
          .extracting(RecordedRequest::auth).isIn(RecordedRequest.Auth.ACCEPTED,
              RecordedRequest.Auth.CONNECTION_AUTHENTICATED);
      assertThat(first).filteredOn(r -> !r.auth().toString().startsWith("ACC")
          && r.auth() != RecordedRequest.Auth.CONNECTION_AUTHENTICATED)
          .extracting(RecordedRequest::method).containsOnly("HEAD");
      assertThat(origin.seen).filteredOn(s -> s.method().equals("POST"))
          .extracting(Origin.Seen::bodyBytes).containsExactly((long) SIZE);

      client.connectionPool().evictAll(); // the next upload needs a new connection
      assertThat(post(client, origin.url("/up/2"), body.create(SIZE))).isEqualTo("200 hello from /up/2");
      List<String> later = since(proxy, first.size()).stream()
          .map(r -> r.method() + " " + r.auth()).toList();
      if (scheme == ProxyScheme.NTLM) { // connection-bound: Type 1 and Type 3 go on probes
        assertThat(later).containsExactly("HEAD CONTINUED", "HEAD ACCEPTED",
            "POST CONNECTION_AUTHENTICATED");
      } else if (scheme == ProxyScheme.NEGOTIATE) { // connection-bound too: the token on the probe
        assertThat(later).containsExactly("HEAD ACCEPTED", "POST CONNECTION_AUTHENTICATED");
      } else { // from the auth cache: no probe, no 407
        assertThat(later).containsExactly("POST ACCEPTED");
      }
      assertThat(origin.seen).filteredOn(s -> s.method().equals("POST"))
          .extracting(Origin.Seen::bodyBytes).containsExactly((long) SIZE, (long) SIZE);
      assertThat(origin.seen).noneMatch(Origin.Seen::hasProxyAuthorization);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void wrongPasswordOnLargeUploadFailsWithADiagnosisAndTheBodyNeverLeaves(Body body)
      throws Exception {
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(CANARY).build(), proxy);

      ProxyAuthException failure = catchThrowableOfType(ProxyAuthException.class,
          () -> post(client, origin.url("/up"), body.create(SIZE)));

      assertThat(failure.diagnosis()).get().extracting(d -> d.reason())
          .isEqualTo(Reason.CREDENTIALS_REJECTED);
      assertThat(proxy.requests()).extracting(RecordedRequest::method).containsOnly("HEAD");
      assertThat(origin.seen).isEmpty();
    }
  }

  static Stream<Body> bodies() {
    return Arrays.stream(Body.values());
  }

  @Test
  void openProxyGetsOneProbeThenUploadsDirectly() throws Exception {
    try (TestProxy proxy = TestProxy.builder().build(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      assertThat(post(client, origin.url("/up/1"), Body.ONE_SHOT.create(SIZE)))
          .isEqualTo("200 hello from /up/1");
      assertThat(post(client, origin.url("/up/2"), Body.ONE_SHOT.create(SIZE)))
          .isEqualTo("200 hello from /up/2");

      assertThat(origin.seen).extracting(s -> s.method() + " " + s.path() + " " + s.bodyBytes())
          .containsExactly("HEAD /up/1 0", "POST /up/1 " + SIZE, "POST /up/2 " + SIZE);
    }
  }

  @Test
  void smallReplayableBodyStillGoesOnEveryLeg() throws Exception {
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(ProxyScheme.BASIC.engine(PASSWORD).build(), proxy);

      assertThat(post(client, origin.url("/small"), Body.REPLAYABLE.create(1024)))
          .isEqualTo("200 hello from /small");

      assertThat(proxy.requests()).extracting(r -> r.method() + " " + r.auth())
          .containsExactly("POST MISSING", "POST ACCEPTED");
    }
  }

  static String post(OkHttpClient client, String url, RequestBody body) throws IOException {
    Request request = new Request.Builder().url(url).post(body).build();
    try (Response response = client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }
}
