package io.github.proxyauth.jdkhttp;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.relay.internal.Relay;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Turns the relay's authentication-failure responses into {@link ProxyAuthException}s. */
final class Failures {
  private Failures() {}

  static <T> HttpResponse<T> check(Relay relay, HttpResponse<T> response)
      throws ProxyAuthException {
    Optional<ProxyAuthException> failure = failureOf(relay, response);
    if (failure.isPresent()) {
      closeBody(response.body());
      throw failure.get();
    }
    return response;
  }

  static <T> CompletableFuture<HttpResponse<T>> checkAsync(Relay relay,
      CompletableFuture<HttpResponse<T>> sent) {
    CompletableFuture<HttpResponse<T>> checked = sent.thenCompose(response -> {
      try {
        return CompletableFuture.completedFuture(check(relay, response));
      } catch (ProxyAuthException e) {
        return CompletableFuture.failedFuture(e);
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
   * origin cannot fake one from inside a tunnel.
   */
  private static Optional<ProxyAuthException> failureOf(Relay relay, HttpResponse<?> response) {
    if (response.statusCode() != 407) {
      return Optional.empty();
    }
    return response.headers().firstValue(Relay.failureHeader()).flatMap(relay::failure)
        .map(f -> f.diagnosis().map(d -> new ProxyAuthException(d, f))
            .orElseGet(() -> new ProxyAuthException(f.getMessage(), f)));
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
