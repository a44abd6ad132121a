package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * The two origin servers of the lab behind Squid ({@link OriginServers}): both answer every
 * request with 200 and {@link #BODY}, and record what they received (method, path, body size).
 * Thread-safe.
 */
final class Origins extends OriginServers {
  static final String BODY = "hello from the origin";

  private final List<String> received = new CopyOnWriteArrayList<>();

  private Origins() {}

  /** Returns both origins, started. */
  static Origins start() throws IOException {
    Origins origins = new Origins();
    origins.listen();
    return origins;
  }

  /** Returns {@code http://127.0.0.1:port/path}. */
  String httpUrl(String path) {
    return url("http", path);
  }

  /** Returns {@code https://127.0.0.1:port/path}. */
  String httpsUrl(String path) {
    return url("https", path);
  }

  /** Returns every request an origin answered, as "METHOD path body-size", in arrival order. */
  List<String> received() {
    return List.copyOf(received);
  }

  @Override
  MockResponse answer(String origin, RecordedRequest request) {
    received.add(request.getMethod() + " " + request.getUrl().encodedPath() + " "
        + request.getBodySize());
    if ("HEAD".equals(request.getMethod())) {
      // MockWebServer writes whatever body it is given, even after HEAD (RFC 9110 §9.3.2
      // forbids one); Squid then reads it as the start of the next response on that pooled
      // origin connection and aborts the next request sent on it.
      return new MockResponse.Builder().code(200).build();
    }
    return new MockResponse.Builder().code(200).body(BODY).build();
  }
}
