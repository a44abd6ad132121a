package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;

/**
 * The JDK's HttpURLConnection and java.net.http HttpClient, and OkHttp, in this JVM with no
 * proxyauth code: each knows only the local proxy's address (a {@link Proxy}, {@link
 * ProxySelector#of}, OkHttp's {@code proxy(...)}) and trusts the HTTPS origin.
 */
final class JdkClients {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  // HttpURLConnection: "Unable to tunnel through proxy. Proxy returns "HTTP/1.1 407 ...""
  private static final Pattern TUNNEL_STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})");
  // OkHttp throws this only when a CONNECT got 407 and its proxy authenticator (none) gave up.
  private static final String OKHTTP_TUNNEL_407 = "Failed to authenticate with proxy";

  private JdkClients() {}

  static ClientOutcome urlConnection(ClientTrip trip) throws IOException {
    Proxy proxy = new Proxy(Proxy.Type.HTTP, trip.proxyAddress());
    HttpURLConnection connection = (HttpURLConnection) URI.create(trip.url("/echo")).toURL()
        .openConnection(proxy);
    if (connection instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(trip.origins().clientTrust().sslSocketFactory());
    }
    try {
      connection.setConnectTimeout((int) TIMEOUT.toMillis());
      connection.setReadTimeout((int) TIMEOUT.toMillis());
      connection.setDoOutput(true);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(trip.payload(RealClient.URL_CONNECTION).getBytes(StandardCharsets.UTF_8));
      }
      int status = connection.getResponseCode();
      InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new ClientOutcome(status / 100 == 2, OptionalInt.of(status), body,
          Optional.ofNullable(connection.getHeaderField(ClientOutcome.DIAGNOSIS_HEADER)),
          "HttpURLConnection: " + status + " " + body);
    } catch (IOException e) {
      return failed(e, ClientOutcome.firstStatus(TUNNEL_STATUS, String.valueOf(e.getMessage())));
    } finally {
      // Closes the (kept-alive) tunnel, so Squid logs the CONNECT.
      connection.disconnect();
    }
  }

  static ClientOutcome httpClient(ClientTrip trip) throws IOException {
    ExecutorService executor = Executors.newCachedThreadPool();
    try {
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(trip.proxyAddress()))
          .sslContext(trip.origins().clientTrust().sslContext()).connectTimeout(TIMEOUT)
          .executor(executor).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(trip.url("/echo"))).timeout(TIMEOUT)
          .POST(HttpRequest.BodyPublishers.ofString(trip.payload(RealClient.JDK_HTTP_CLIENT)))
          .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new ClientOutcome(response.statusCode() / 100 == 2,
          OptionalInt.of(response.statusCode()), response.body(),
          response.headers().firstValue(ClientOutcome.DIAGNOSIS_HEADER),
          "HttpClient: " + response.statusCode() + " " + response.headers().map());
    } catch (IOException e) {
      return failed(e, OptionalInt.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while fetching " + trip.url("/echo"), e);
    } finally {
      executor.shutdownNow();
    }
  }

  static ClientOutcome okHttp(ClientTrip trip) {
    HandshakeCertificates trust = trip.origins().clientTrust();
    OkHttpClient client = new OkHttpClient.Builder()
        .proxy(new Proxy(Proxy.Type.HTTP, trip.proxyAddress()))
        .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
        .callTimeout(TIMEOUT).build();
    Request request = new Request.Builder().url(trip.url("/echo"))
        .post(RequestBody.create(trip.payload(RealClient.OKHTTP),
            MediaType.get("text/plain; charset=utf-8"))).build();
    try (Response response = client.newCall(request).execute()) {
      String body = response.body().string();
      return new ClientOutcome(response.isSuccessful(), OptionalInt.of(response.code()), body,
          Optional.ofNullable(response.header(ClientOutcome.DIAGNOSIS_HEADER)),
          "OkHttp: " + response.code() + " " + response.headers());
    } catch (IOException e) {
      return failed(e, OKHTTP_TUNNEL_407.equals(e.getMessage())
          ? OptionalInt.of(407) : OptionalInt.empty());
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private static ClientOutcome failed(IOException e, OptionalInt status) {
    return new ClientOutcome(false, status, "", Optional.empty(), e.toString());
  }
}
