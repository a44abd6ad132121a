package io.github.proxyauth.okhttp.internal;

import io.github.proxyauth.Diagnosis.Reason;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.spi.AuthRequest;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Turns OkHttp's own {@code IOException("unexpected end of stream on ...")}, when it ends a call
 * in the middle of a proxy handshake, into a {@link ProxyAuthException} naming the step: the proxy
 * closed the connection instead of answering a leg (credentials sent, or a 407 seen), or sent a
 * header line over OkHttp's 256 KiB limit (a huge challenge). OkHttp reports both from inside its
 * tunnel loop and its codec, where no authenticator or network interceptor runs; only an
 * application interceptor sees the call fail, so this works with the one-call set-up, which
 * installs it. An end of stream before any handshake (a proxy that closes at once) stays OkHttp's.
 * It also begins and ends each call's {@link HandshakeClock} (through the {@link HandshakeTrail})
 * and turns the failure of a call that clock cancelled, or an OkHttp socket timeout in a
 * handshake, into a {@code PROXY_TIMEOUT} ({@link HandshakeTimeouts}). Thread-safe.
 */
public final class BrokenHandshakes implements Interceptor {
  /** OkHttp's limit on the bytes of one response header block ({@code HeadersReader}). */
  static final int OKHTTP_HEADER_LIMIT = 256 * 1024;
  private static final String END_OF_STREAM = "unexpected end of stream";
  private static final Pattern LIMIT = Pattern.compile("not found: limit=(\\d+)");

  private final ProxyAuthenticator engine;
  private final HandshakeTrail trail;

  public BrokenHandshakes(ProxyAuthenticator engine, HandshakeTrail trail) {
    this.engine = engine;
    this.trail = trail;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    HandshakeClock clock = trail.begin(chain.call());
    try {
      return chain.proceed(chain.request());
    } catch (ProxyAuthException e) {
      throw e;
    } catch (IOException e) {
      throw translated(e, clock, chain);
    } finally {
      trail.end();
    }
  }

  private IOException translated(IOException e, HandshakeClock clock, Chain chain) {
    Optional<HandshakeTrail.Step> last = trail.last();
    if (last.isPresent() && clock.expired()) {
      return HandshakeTimeouts.deadline(exchange(last.get()), last.get(), trail.timeout(), e);
    }
    if (last.isPresent() && e instanceof SocketTimeoutException) {
      return HandshakeTimeouts.okHttps(exchange(last.get()), last.get(), chain, e);
    }
    String message = String.valueOf(e.getMessage());
    if (!message.startsWith(END_OF_STREAM) || last.isEmpty()) {
      return e;
    }
    HandshakeTrail.Step step = last.get();
    boolean tooLong = e.getCause() instanceof EOFException eof && cutAtLimit(eof);
    boolean started = !step.challenges().isEmpty()
        || step.exchange().map(x -> x.attempts() > 0).orElse(false);
    if (!tooLong && !started) {
      return e;
    }
    AuthExchange exchange = exchange(step);
    return tooLong ? overLimit(exchange, step, e) : closed(exchange, step, e);
  }

  private AuthExchange exchange(HandshakeTrail.Step step) {
    return step.exchange().orElseGet(() -> engine.newExchange(step.facts()));
  }

  /**
   * Returns whether okio gave up on a line at OkHttp's limit ({@code "\\n not found: limit=N
   * content=..."} with N, the bytes it held, near the limit) rather than at the end of the stream
   * (N is what arrived before the close, 0 for a connection closed between messages).
   */
  static boolean cutAtLimit(EOFException e) {
    Matcher m = LIMIT.matcher(String.valueOf(e.getMessage()));
    return m.find() && m.group(1).length() < 10
        && Integer.parseInt(m.group(1)) >= OKHTTP_HEADER_LIMIT / 2;
  }

  private static ProxyAuthException closed(AuthExchange exchange, HandshakeTrail.Step step,
      IOException e) {
    AuthRequest facts = step.facts();
    String sent = sent(exchange, "without credentials, after its 407");
    return exchange.fail(step.challenges(), Reason.PROTOCOL_ERROR, "the proxy " + facts.proxy()
        + " closed the connection instead of answering " + facts.method() + " "
        + facts.target() + " sent " + sent + " (OkHttp: '" + END_OF_STREAM + "')", "check the"
        + " proxy's log for that request; NTLM and Negotiate need the proxy to keep the"
        + " connection open during authentication", e);
  }

  /** Returns how the last leg went: with which credentials, or {@code anonymous}. */
  static String sent(AuthExchange exchange, String anonymous) {
    return exchange.attempts() == 0 ? anonymous : "with " + exchange.scheme().orElse("its")
        + " credentials (attempt " + exchange.attempts() + " of the handshake)";
  }

  private static ProxyAuthException overLimit(AuthExchange exchange, HandshakeTrail.Step step,
      IOException e) {
    AuthRequest facts = step.facts();
    return exchange.fail(step.challenges(), Reason.PROTOCOL_ERROR, "the proxy " + facts.proxy()
        + " answered " + facts.method() + " " + facts.target() + " with a response head over"
        + " OkHttp's limit of " + OKHTTP_HEADER_LIMIT / 1024 + " KiB (a huge Proxy-Authenticate"
        + " field?), which OkHttp stops reading", "fix the proxy, or whatever rewrites its"
        + " headers: challenges are a few KiB at most", e);
  }
}
