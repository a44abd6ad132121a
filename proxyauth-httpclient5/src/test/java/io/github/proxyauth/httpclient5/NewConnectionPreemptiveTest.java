package io.github.proxyauth.httpclient5;

import static io.github.proxyauth.httpclient5.Fixtures.proxyHost;
import static io.github.proxyauth.httpclient5.Fixtures.url;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One client, one pool of one connection, several connections one after the other (the idle one
 * closed each time): once a scheme worked with the proxy, every new connection's first request
 * (or CONNECT) authenticates ahead, and a forwarded request on a connection that a
 * connection-bound scheme (NTLM, Negotiate as Squid keeps it) authenticated carries nothing.
 */
class NewConnectionPreemptiveTest {
  static final int CONNECTIONS = 4;
  static Kerberos kerberos;

  @BeforeAll
  static void startKdc() throws Exception {
    kerberos = Kerberos.start();
  }

  @AfterAll
  static void stopKdc() throws Exception {
    kerberos.close();
  }

  static Stream<Arguments> matrix() {
    return Arrays.stream(Scheme.values()).flatMap(s -> Arrays.stream(Mode.values())
        .flatMap(m -> Stream.of(Arguments.of(s, m, false), Arguments.of(s, m, true))));
  }

  @ParameterizedTest(name = "{0} {1} https={2}")
  @MethodSource("matrix")
  void everyNewConnectionAuthenticatesAheadAndItsLaterRequestsCarryNothing(Scheme scheme,
      Mode mode, boolean https) throws Exception {
    try (TestProxy proxy = scheme.proxy(); MockWebServer origin = Fixtures.origin(https);
        EvictableClient client = EvictableClient.open(mode,
            ProxyAuthHttpClient5.of(scheme.engine(Scheme.PASSWORD).build()), proxy)) {
      for (int c = 0; c < CONNECTIONS; c++) {
        client.closeIdleConnections();
        for (int r = 0; r < 2; r++) {
          String path = "/" + c + "-" + r;
          assertThat(client.get(url(origin, path))).isEqualTo("200 hello " + path);
        }
      }

      List<RecordedRequest> requests = proxy.requests();
      Map<Long, List<RecordedRequest>> byConnection = new TreeMap<>(
          requests.stream().collect(groupingBy(RecordedRequest::connectionId)));
      assertThat(byConnection).as(summary(requests)).hasSize(CONNECTIONS);
      List<Integer> rejections = new ArrayList<>();
      byConnection.values().forEach(onOne -> rejections.add(count407s(onOne)));
      // the first connection learns the scheme; NTLM's Type 2 is one 407 on every connection
      int inherent = scheme == Scheme.NTLM ? 1 : 0;
      List<Integer> expected = new ArrayList<>();
      expected.add(1 + inherent);
      for (int c = 1; c < CONNECTIONS; c++) {
        expected.add(inherent);
      }
      assertThat(rejections).as(summary(requests)).isEqualTo(expected);

      byConnection.values().stream().skip(1).forEach(onOne -> {
        assertThat(onOne.get(0).header("Proxy-Authorization")).as(summary(onOne))
            .hasValueSatisfying(v -> assertThat(v).startsWith(scheme.token + " "));
        assertThat(onOne.get(0).isConnect()).isEqualTo(https);
      });
      if (!https) {
        boolean bound = scheme == Scheme.NTLM || scheme == Scheme.NEGOTIATE;
        byConnection.values().forEach(onOne -> {
          RecordedRequest last = onOne.get(onOne.size() - 1);
          assertThat(last.auth()).as(summary(onOne))
              .isEqualTo(bound ? Auth.CONNECTION_AUTHENTICATED : Auth.ACCEPTED);
          assertThat(last.header("Proxy-Authorization").isPresent()).isEqualTo(!bound);
        });
      } else {
        assertThat(requests).allMatch(RecordedRequest::isConnect);
      }
      assertThat(origin.getRequestCount()).isEqualTo(2 * CONNECTIONS);
      for (int i = 0; i < 2 * CONNECTIONS; i++) {
        assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aNegotiateProxyThatWantsATokenPerRequestGetsOneAfterItsSecond407(Mode mode)
      throws Exception {
    Kerberos k = Kerberos.current();
    try (TestProxy proxy = TestProxy.builder().user(Scheme.USER, Scheme.PASSWORD)
        .negotiate(k.serviceKeytab, k.service).negotiatePerRequest().build();
        MockWebServer origin = Fixtures.origin(false);
        EvictableClient client = EvictableClient.open(mode,
            ProxyAuthHttpClient5.of(Scheme.NEGOTIATE.engine(Scheme.PASSWORD).build()), proxy)) {
      for (int c = 0; c < CONNECTIONS; c++) {
        client.closeIdleConnections();
        for (int r = 0; r < 2; r++) {
          String path = "/" + c + "-" + r;
          assertThat(client.get(url(origin, path))).isEqualTo("200 hello " + path);
        }
      }

      // the first request learns Negotiate, the second that this proxy binds no connection;
      // from then on every request carries a token of its own
      List<RecordedRequest> requests = proxy.requests();
      assertThat(count407s(requests)).as(summary(requests)).isEqualTo(2);
      assertThat(requests.subList(4, requests.size())).as(summary(requests))
          .hasSize(2 * CONNECTIONS - 2).allMatch(r -> r.auth() == Auth.ACCEPTED);
    }
  }

  /** Returns one line per request: connection, verdict and scheme of its header, no secret. */
  private static String summary(List<RecordedRequest> requests) {
    StringBuilder lines = new StringBuilder();
    for (RecordedRequest r : requests) {
      lines.append("\n  connection ").append(r.connectionId()).append(' ').append(r.method())
          .append(' ').append(r.auth()).append(' ').append(r.header("Proxy-Authorization")
              .map(v -> v.split(" ", 2)[0]).orElse("-"));
    }
    return lines.toString();
  }

  private static int count407s(List<RecordedRequest> requests) {
    return (int) requests.stream().filter(r -> r.auth() == Auth.MISSING
        || r.auth() == Auth.CONTINUED || r.auth() == Auth.REJECTED).count();
  }

  /** A client with a pool of one connection whose idle connection a test can close. */
  private interface EvictableClient extends Mode.Client {
    /** Closes the pooled idle connection, so that the next request opens a new one. */
    void closeIdleConnections() throws IOException;

    static EvictableClient open(Mode mode, ProxyAuthHttpClient5 adapter, TestProxy proxy) {
      ConnectionConfig connection = ConnectionConfig.custom().setConnectTimeout(Fixtures.TIMEOUT)
          .setSocketTimeout(Fixtures.TIMEOUT).build();
      return mode == Mode.CLASSIC ? classic(adapter, proxy, connection)
          : async(adapter, proxy, connection);
    }

    private static EvictableClient classic(ProxyAuthHttpClient5 adapter, TestProxy proxy,
        ConnectionConfig connection) {
      PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
          .setTlsSocketStrategy(new DefaultClientTlsStrategy(Fixtures.CLIENT_TLS))
          .setDefaultConnectionConfig(connection).setMaxConnPerRoute(1).setMaxConnTotal(1)
          .build();
      CloseableHttpClient client = adapter.install(HttpClients.custom()
          .setConnectionManager(pool).setProxy(proxyHost(proxy))).build();
      return new EvictableClient() {
        @Override
        public String get(String url) throws IOException {
          return Fixtures.get(client, url);
        }

        @Override
        public void closeIdleConnections() {
          pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public void close() {
          client.close(CloseMode.GRACEFUL);
        }
      };
    }

    private static EvictableClient async(ProxyAuthHttpClient5 adapter, TestProxy proxy,
        ConnectionConfig connection) {
      PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder
          .create().setTlsStrategy(new DefaultClientTlsStrategy(Fixtures.CLIENT_TLS))
          .setDefaultConnectionConfig(connection).setMaxConnPerRoute(1).setMaxConnTotal(1)
          .build();
      CloseableHttpAsyncClient client = adapter.install(HttpAsyncClients.custom()
          .setConnectionManager(pool).setProxy(proxyHost(proxy))).build();
      client.start();
      return new EvictableClient() {
        @Override
        public String get(String url) throws IOException {
          return Fixtures.get(client, url);
        }

        @Override
        public void closeIdleConnections() throws IOException {
          // the async client gives its connection back just after the response completed
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (pool.getTotalStats().getLeased() > 0) {
            if (System.nanoTime() > deadline) {
              throw new IOException("the connection was not released in 20 s");
            }
            try {
              Thread.sleep(5);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted");
            }
          }
          pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public void close() {
          client.close(CloseMode.GRACEFUL);
        }
      };
    }
  }
}
