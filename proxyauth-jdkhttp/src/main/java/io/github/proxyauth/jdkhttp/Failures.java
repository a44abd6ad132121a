package io.github.proxyauth.jdkhttp;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.relay.internal.Relay;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns the relay's failure responses into the exceptions a bare {@code HttpClient} throws: a
 * {@link ProxyAuthException} for a failed authentication, {@link ConnectException} or {@link
 * UnknownHostException} (with the relay's explanation) for a proxy it could not reach, and a
 * clear "closed" {@link IOException} once the client is closed.
 */
final class Failures {
  static final String CLOSED = "ProxyAuthHttpClient is closed: no new requests are sent";
  static final String CLOSED_IN_FLIGHT = "ProxyAuthHttpClient was closed while this request was"
      + " in flight (JDK 17: close() stops the relay at once; JDK 21+ waits for requests)";
  /** What the JDK says when a CONNECT gets the relay's 502 (HttpClientImpl, JDK 17 to 25). */
  private static final String TUNNEL_502 = "Tunnel failed, got: 502";

  private Failures() {}

  static <T> HttpResponse<T> check(Relay relay, HttpRequest request, HttpResponse<T> response)
      throws IOException {
    Optional<? extends IOException> failure = failureOf(relay, response);
    if (failure.isEmpty() && response.statusCode() == 502
        && response.headers().firstValue(Relay.errorHeader()).isPresent()) {
      failure = relay.connectFailure(request.uri()).map(Failures::deadProxy);
    }
    if (failure.isPresent()) {
      closeBody(response.body());
      throw failure.get();
    }
    return response;
  }

  /** Returns what to throw for {@code e}, thrown by the wrapped client for {@code request}. */
  static IOException translate(Relay relay, HttpRequest request, IOException e, boolean closed) {
    if (e instanceof ProxyAuthException) {
      return e;
    }
    if (closed) {
      return new IOException(CLOSED_IN_FLIGHT, e);
    }
    if (String.valueOf(e.getMessage()).contains(TUNNEL_502)) {
      return relay.connectFailure(request.uri()).map(Failures::deadProxy).orElse(e);
    }
    return e;
  }

  static <T> CompletableFuture<HttpResponse<T>> checkAsync(Relay relay, HttpRequest request,
      CompletableFuture<HttpResponse<T>> sent, java.util.function.BooleanSupplier closed) {
    CompletableFuture<HttpResponse<T>> checked = sent.handle((response, thrown) -> {
      try {
        if (thrown != null) {
          Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null
              ? thrown.getCause() : thrown;
          if (cause instanceof IOException io) {
            throw translate(relay, request, io, closed.getAsBoolean());
          }
          throw new CompletionException(cause);
        }
        return check(relay, request, response);
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    });
    checked.whenComplete((r, e) -> {
      if (checked.isCancelled()) {
        sent.cancel(true); // the JDK aborts the exchange when its future is cancelled
      }
    });
    return checked;
  }

  /**
   * Returns the failure a 407 of this relay stands for. Only ids the relay recorded count, so an
   * origin cannot fake one from inside a tunnel. The relay's exception is not the cause: it is
   * the same failure, and a cause would print the whole diagnosis a second time.
   */
  private static Optional<ProxyAuthException> failureOf(Relay relay, HttpResponse<?> response) {
    if (response.statusCode() != 407) {
      return Optional.empty();
    }
    return response.headers().firstValue(Relay.failureHeader()).flatMap(relay::failure)
        .map(f -> f.diagnosis().map(d -> new ProxyAuthException(d, f.getCause()))
            .orElseGet(() -> new ProxyAuthException(f.getMessage(), f.getCause())));
  }

  /** Returns the exception a bare client throws for a proxy it cannot reach, with the relay's words. */
  private static IOException deadProxy(IOException relayFailure) {
    Throwable cause = relayFailure.getCause();
    String message = "proxyauth relay: " + relayFailure.getMessage();
    IOException typed;
    if (cause instanceof UnknownHostException) {
      typed = new UnknownHostException(message);
    } else if (cause instanceof SocketTimeoutException) {
      typed = new HttpConnectTimeoutException(message);
    } else if (cause instanceof ConnectException) {
      typed = new ConnectException(message);
    } else {
      return new IOException(message, cause);
    }
    typed.initCause(cause);
    return typed;
  }

  private static void closeBody(Object body) {
    if (body instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // The response is discarded anyway.
      }
    }
  }
}
