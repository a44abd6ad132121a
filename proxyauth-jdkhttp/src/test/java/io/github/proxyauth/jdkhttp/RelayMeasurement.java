package io.github.proxyauth.jdkhttp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import okhttp3.tls.HandshakeCertificates;

/**
 * A measurement harness, not a test: bulk throughput and small-request latency through the relay
 * against the same (unauthenticated) TestProxy reached directly by a plain JDK client, in the
 * same run. Run its {@code main} with the test class path; prints ratios. No timing assertions.
 */
final class RelayMeasurement {
  private static final int BIG = Integer.getInteger("big", 64 << 20);
  private static final int SMALL_REQUESTS = Integer.getInteger("n", 1000);
  private static final int ROUNDS = Integer.getInteger("rounds", 3);

  public static void main(String[] args) throws Exception {
    // Without it the JDK's HttpServer meets delayed ACKs: 40 ms per small request on both paths.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    byte[] big = new byte[BIG];
    HttpServer plain = origin(HttpServer.create(), big);
    HttpsServer tls = HttpsServer.create();
    tls.setHttpsConfigurator(new HttpsConfigurator(new HandshakeCertificates.Builder()
        .heldCertificate(Fixtures.SERVER).build().sslContext()));
    origin(tls, big);
    try (TestProxy proxy = TestProxy.builder().build();
        ProxyAuthHttpClient relayed = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
            .sslContext(Fixtures.CLIENT_TLS), Fixtures.authenticator("basic", "x"),
            ProxySelector.of(proxy.address()))) {
      HttpClient direct = HttpClient.newBuilder().sslContext(Fixtures.CLIENT_TLS)
          .proxy(ProxySelector.of(proxy.address())).build();
      for (String scheme : new String[] {"http", "https"}) {
        int port = (scheme.equals("http") ? plain.getAddress() : tls.getAddress()).getPort();
        URI base = URI.create(scheme + "://127.0.0.1:" + port);
        compare(scheme, direct, relayed, base);
      }
    } finally {
      plain.stop(0);
      tls.stop(0);
    }
  }

  private static void compare(String scheme, HttpClient direct, HttpClient relayed, URI base)
      throws Exception {
    bulk(direct, base);
    bulk(relayed, base); // warm-up
    small(direct, base, 200);
    small(relayed, base, 200);
    double[] dBulk = new double[ROUNDS];
    double[] rBulk = new double[ROUNDS];
    double[] dLat = new double[ROUNDS];
    double[] rLat = new double[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      dBulk[i] = bulk(direct, base);
      rBulk[i] = bulk(relayed, base);
      dLat[i] = small(direct, base, SMALL_REQUESTS);
      rLat[i] = small(relayed, base, SMALL_REQUESTS);
    }
    System.out.printf("%s bulk MiB/s direct %s relay %s -> ratio %.2f%n", scheme,
        Arrays.toString(dBulk), Arrays.toString(rBulk), median(rBulk) / median(dBulk));
    System.out.printf("%s small GET us direct %s relay %s -> ratio %.2f%n", scheme,
        Arrays.toString(dLat), Arrays.toString(rLat), median(rLat) / median(dLat));
  }

  private static double bulk(HttpClient client, URI base) throws Exception {
    long start = System.nanoTime();
    HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(base.resolve("/big"))
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    long n = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = r.body()) {
      for (int k; (k = in.read(buffer)) >= 0; ) {
        n += k;
      }
    }
    if (n != BIG) {
      throw new IOException("short body: " + n);
    }
    return Math.round(n / 1048576.0 / ((System.nanoTime() - start) / 1e9));
  }

  /** Returns the median latency in microseconds of {@code count} sequential small GETs. */
  private static double small(HttpClient client, URI base, int count) throws Exception {
    long[] micros = new long[count];
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/small")).build();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      client.send(request, HttpResponse.BodyHandlers.ofString());
      micros[i] = (System.nanoTime() - start) / 1000;
    }
    Arrays.sort(micros);
    return micros[count / 2];
  }

  private static double median(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy[copy.length / 2];
  }

  private static <S extends HttpServer> S origin(S server, byte[] big) throws IOException {
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/big", exchange -> {
      exchange.sendResponseHeaders(200, big.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(big);
      }
    });
    server.createContext("/small", exchange -> {
      byte[] body = "ok".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "origin");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return server;
  }
}
