package io.github.proxyauth.it.squid;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.okhttp.OkHttpProxyAuthenticator;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;

/** The two proxyauth adapters, each as a {@link Client} through one Squid port. */
enum Adapter {
  OKHTTP("OkHttp + proxyauth") {
    @Override
    Client open(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
      HandshakeCertificates trust = lab.origins().clientTrust();
      OkHttpClient client = OkHttpProxyAuthenticator.configure(new OkHttpClient.Builder(), engine,
              new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", lab.port(port))))
          .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
          .callTimeout(TIMEOUT)
          .build();
      return new Client() {
        @Override
        public Page get(String url) throws IOException {
          return get(new Request.Builder().url(url));
        }

        @Override
        public Page getClosing(String url) throws IOException {
          return get(new Request.Builder().url(url).header("Connection", "close"));
        }

        private Page get(Request.Builder request) throws IOException {
          try (Response response = client.newCall(request.build()).execute()) {
            return new Page(response.code(), response.body().string());
          }
        }

        @Override
        public void close() {
          client.dispatcher().executorService().shutdown();
          client.connectionPool().evictAll();
        }
      };
    }
  },
  JDKHTTP("java.net.http + proxyauth") {
    @Override
    Client open(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
      ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder()
              .sslContext(lab.origins().clientTrust().sslContext())
              .connectTimeout(TIMEOUT), engine,
          ProxySelector.of(new InetSocketAddress("127.0.0.1", lab.port(port))));
      return new Client() {
        @Override
        public Page get(String url) throws IOException {
          HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
          try {
            HttpResponse<String> response = client.send(request,
                HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + url);
          }
        }

        @Override
        public void close() {
          client.close();
        }
      };
    }
  },
  HTTPCLIENT5("HttpClient 5 classic + proxyauth") {
    @Override
    Client open(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
      return HttpClient5Clients.classic(lab, port, engine);
    }
  },
  HTTPCLIENT5_ASYNC("HttpClient 5 async + proxyauth") {
    @Override
    Client open(SquidLab lab, SquidPort port, ProxyAuthenticator engine) {
      return HttpClient5Clients.async(lab, port, engine);
    }
  };

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String label;

  Adapter(String label) {
    this.label = label;
  }

  /** Returns the adapter's name in reports. */
  String label() {
    return label;
  }

  /** Returns a client that goes through Squid's {@code port} and authenticates with {@code engine}. */
  abstract Client open(SquidLab lab, SquidPort port, ProxyAuthenticator engine);

  /** A response: status and body. */
  record Page(int status, String body) {}

  /** One client; {@link #close()} closes its connections, so Squid logs its tunnels. */
  interface Client extends AutoCloseable {
    /** Returns the response to a GET of {@code url}. */
    Page get(String url) throws IOException;

    /**
     * Returns the response to a GET of {@code url} that asks for {@code Connection: close}: the
     * client's next request goes on a new connection.
     */
    default Page getClosing(String url) throws IOException {
      throw new UnsupportedOperationException("this client cannot ask for Connection: close");
    }

    @Override
    void close();
  }
}
