package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.spi.AuthRequest;
import java.io.IOException;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Forwarded requests with a large or one-shot body authenticate on a body-less {@code HEAD} of the
 * same URL first. Squid answers a 407 as soon as it has read the request head and then stops
 * reading: a client that goes on writing a large body blocks until its write timeout. So every leg
 * whose credentials are not known to work (none yet, an NTLM Type 1, an answer to a 407) goes out
 * as a probe: {@code HEAD}, same URL and headers, no body. A 407 to it goes to the authenticator
 * like any other; once the proxy lets a probe through (to the origin: {@code HEAD} is safe, RFC
 * 9110 §9.2.1), the interceptor returns a {@linkplain #passed synthetic 407} that only this
 * adapter's authenticator answers, with the real request, which then goes on the same connection
 * with credentials known to work (or none, on a connection NTLM authenticated).
 */
final class Uploads {
  /** Bodies up to this size are sent on every leg, as before: a proxy drains them. */
  static final long SMALL_BODY = 64 * 1024;

  private static final String PROBE_PASSED = "proxyauth-probe-passed";

  private Uploads() {}

  /** The tag of a request whose probe the proxy let through: send it, do not probe again. */
  record Cleared() {}

  /** Returns true when {@code request}'s body must not go out on an unverified leg. */
  static boolean guarded(Request request) throws IOException {
    RequestBody body = request.body();
    if (body == null || request.tag(Cleared.class) != null) {
      return false;
    }
    long length = body.contentLength();
    return SendOnceBody.oneShot(body) || length < 0 || length > SMALL_BODY;
  }

  /** Returns the facts of the probe that stands in for {@code facts}. */
  static AuthRequest probeFacts(AuthRequest facts) {
    return new AuthRequest(facts.proxyHost(), facts.proxyPort(), "HEAD", facts.target());
  }

  /** Returns the body-less {@code HEAD} probe for {@code request}, with its headers and tags. */
  static Request probe(Request request) {
    return request.newBuilder().method("HEAD", null).removeHeader("Content-Length")
        .removeHeader("Content-Type").removeHeader("Transfer-Encoding").removeHeader("Expect")
        .build();
  }

  /** Returns true when {@code sent} is a probe standing in for {@code user}. */
  static boolean isProbe(Request sent, Request user) {
    return sent.method().equals("HEAD") && !user.method().equals("HEAD");
  }

  /**
   * Returns the synthetic 407 that makes OkHttp send the real request after {@code probe} passed:
   * its request carries a tag no proxy can forge, so only this adapter's authenticator answers it.
   */
  static Response passed(Request probe, Response probeResponse) {
    Request marked = probe.newBuilder().tag(Cleared.class, new Cleared()).build();
    return new Response.Builder().request(marked).protocol(Protocol.HTTP_1_1).code(407)
        .message("proxyauth: the body-less probe passed; sending the request body")
        .header("Proxy-Authenticate", PROBE_PASSED)
        .sentRequestAtMillis(probeResponse.sentRequestAtMillis())
        .receivedResponseAtMillis(probeResponse.receivedResponseAtMillis())
        .body(ResponseBody.create(new byte[0], null)).build();
  }

  /** Returns true when {@code sent} is the request of a {@link #passed} response. */
  static boolean isPassed(Request sent) {
    return sent.tag(Cleared.class) != null;
  }

  /** Returns {@code user} ready to follow a probe: a one-shot body may still be sent once. */
  static Request.Builder followUp(Request user) {
    RequestBody body = user.body();
    Request.Builder next = user.newBuilder();
    return body == null ? next : next.method(user.method(), SendOnceBody.of(body));
  }

  /** Returns {@code user} to send now that its probe passed: cleared, without our credentials. */
  static Request cleared(Request user) {
    Request.Builder next = followUp(user).tag(Cleared.class, new Cleared());
    if (user.tag(ExchangeTag.class) != null) {
      next.removeHeader("Proxy-Authorization").tag(ExchangeTag.class, null);
    }
    return next.build();
  }
}
