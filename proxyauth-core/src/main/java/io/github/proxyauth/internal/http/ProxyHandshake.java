package io.github.proxyauth.internal.http;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.internal.http.DeadlineInputStream.AbandonedException;
import io.github.proxyauth.internal.http.DeadlineInputStream.StepTimeoutException;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one proxy handshake loop: sends a request, reads the answer (skipping interim responses),
 * and for each {@code 407} drains the page (up to {@link #DRAIN_CAP} bytes, else closes), asks
 * the engine for the next {@code Proxy-Authorization} and sends again, reconnecting when the
 * proxy closed the connection. Returns the first answer that is not a 407, the connection
 * positioned at its body. The engine decides everything about authentication, including when to
 * stop: its attempt cap ({@code ProxyAuthenticator.Builder.maxAttempts}) ends a proxy that
 * answers 407 forever; this loop has no cap of its own on 407s.
 *
 * <p>Deadlines (every one ends in a {@code ProxyAuthException} with reason
 * {@link Diagnosis.Reason#PROXY_TIMEOUT} naming the step, through the engine's {@code fail}):
 * the whole handshake, when the caller gives a timeout (for a forwarded request the final
 * answer's wait includes the origin's time to its first byte; time spent sending the request,
 * a body upload, does not count: the caller bounds its writes); each
 * response head {@link #HEAD_COMPLETION} after its first byte (a dripping proxy); a 407 page is
 * drained for at most {@link #DRAIN_TIMEOUT} and {@link #DRAIN_CAP} bytes, else the connection is
 * closed and the handshake goes on on a new one. Connecting is bounded by the caller's
 * {@link Connector}. A read that gives up because its {@link DeadlineInputStream.Watch} says the
 * requester went away ends the handshake with that {@link AbandonedException}, reported to the
 * engine as {@link AuthExchange#abandoned()} (nobody waits for a diagnosis, and it is no
 * rejection), as is every other failure without the engine's verdict. Not thread-safe.
 *
 * @param <C> the connection type of the caller (a plain socket, a relay's pooled connection)
 */
public final class ProxyHandshake<C extends ProxyHandshake.Connection> {
  /** Most interim (1xx) responses skipped before one final answer. */
  public static final int MAX_INTERIM = 8;
  /** Most 407 body bytes drained to keep a connection; a larger page closes it instead. */
  public static final long DRAIN_CAP = 64 * 1024;
  /** Longest time from the first byte of a response head to its end. */
  public static final Duration HEAD_COMPLETION = Duration.ofSeconds(10);
  /** Longest time spent draining one 407 page before closing the connection instead. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
  /** Most times a proxy may close a connection without answering before the handshake fails. */
  static final int MAX_SILENT_CLOSES = 3;

  /** One connection to the proxy. */
  public interface Connection {
    /** Returns the stream the answers are read from. */
    InputStream in();

    /** Returns the deadline stream under {@link #in()}, armed during the handshake. */
    DeadlineInputStream deadlines();

    /** Returns whether the connection served a request before (the proxy may have closed it). */
    boolean reused();

    /** Closes the connection; never throws. */
    void close();
  }

  /** Opens a new connection to the proxy. */
  @FunctionalInterface
  public interface Connector<C> {
    C open() throws IOException;
  }

  /** Writes the request (head and body) with an optional {@code Proxy-Authorization}. */
  @FunctionalInterface
  public interface Sender<C> {
    void send(C connection, Optional<String> authorization) throws IOException;
  }

  /**
   * Thrown by a {@link Sender} when writing to a {@link Connection#reused() reused} connection
   * failed because the proxy had closed it: the handshake sends again on a new connection.
   */
  public static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    public StaleConnectionException(IOException cause) {
      super("the proxy closed an idle connection", cause);
    }
  }

  private final AuthExchange exchange;
  private final String proxy;
  private final String method;
  private final Connector<C> connector;
  private final Duration timeout;
  private C connection;
  private List<String> challenges = List.of();
  private long deadline = Long.MAX_VALUE;
  private int connections = 1;
  private int requests;

  /**
   * Returns a handshake for {@code exchange} (a request with {@code method}) on {@code first};
   * {@code timeout} bounds the whole handshake, {@link Duration#ZERO} for no overall bound.
   */
  public ProxyHandshake(AuthExchange exchange, String method, Connector<C> connector, C first,
      Duration timeout) {
    this.exchange = exchange;
    this.timeout = timeout;
    this.proxy = exchange.request().proxy();
    this.method = method;
    this.connector = connector;
    this.connection = first;
  }

  /** Returns the connection in use: reconnects replace the first one. */
  public C connection() {
    return connection;
  }

  /** Returns how many connections the handshake used. */
  public int connections() {
    return connections;
  }

  /** Returns how many times the request was sent. */
  public int requests() {
    return requests;
  }

  /** Returns the first answer that is not a 407; {@code first} goes with the first request. */
  public Head run(Optional<String> first, Sender<C> sender) throws IOException {
    deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    try {
      return loop(first, sender);
    } catch (ProxyAuthException e) {
      throw e; // the engine's own verdict, already reported
    } catch (IOException | RuntimeException e) {
      exchange.abandoned(); // no verdict: the attempt in flight holds nothing in the lockout
      throw e;
    } finally {
      disarm();
    }
  }

  private Head loop(Optional<String> first, Sender<C> sender) throws IOException {
    Optional<String> authorization = first;
    int silentCloses = 0;
    while (true) {
      Optional<Head> head = sendAndRead(sender, authorization);
      if (head.isEmpty()) {
        if (++silentCloses > MAX_SILENT_CLOSES || (!connection.reused() && challenges.isEmpty())) {
          throw new HttpProtocolException(Side.RESPONSE, Violation.NO_RESPONSE, "an answer to "
              + method + " from the proxy " + proxy, "the connection closed (" + silentCloses
              + " time(s))", "the response head");
        }
        authorization = afterSilentClose(authorization);
        continue;
      }
      if (head.get().status() != 407) {
        exchange.succeeded(head.get().values("Proxy-Authenticate"),
            head.get().values("Proxy-Authentication-Info"));
        return head.get();
      }
      challenges = head.get().values("Proxy-Authenticate");
      boolean reusable = drain407(head.get());
      if (!reusable) {
        closed();
      }
      authorization = Optional.of(exchange.respond(challenges)); // the engine's cap ends the loop
      if (!reusable) {
        open();
      }
    }
  }

  private Optional<Head> sendAndRead(Sender<C> sender, Optional<String> authorization)
      throws IOException {
    requests++;
    long sending = System.nanoTime();
    try {
      sender.send(connection, authorization);
    } catch (StaleConnectionException e) {
      return Optional.empty();
    }
    if (deadline != Long.MAX_VALUE) {
      deadline += System.nanoTime() - sending; // a slow upload is not a slow proxy
    }
    for (int interim = 0; ; interim++) {
      Optional<Head> head = readHead();
      if (head.isEmpty() || head.get().status() / 100 != 1 || head.get().status() == 101) {
        return head;
      }
      if (interim == MAX_INTERIM) {
        throw new HttpProtocolException(Side.RESPONSE, Violation.TOO_MANY_INTERIM_RESPONSES,
            "at most " + MAX_INTERIM + " interim (1xx) responses", "more", "the answers");
      }
    }
  }

  private Optional<Head> readHead() throws IOException {
    connection.deadlines().arm(deadline, HEAD_COMPLETION.toNanos(), "the answer to " + method);
    try {
      return HeadReader.read(connection.in(), Side.RESPONSE);
    } catch (StepTimeoutException e) {
      throw timedOut(e);
    } catch (HttpProtocolException | SocketTimeoutException | AbandonedException e) {
      throw e;
    } catch (IOException e) {
      return Optional.empty(); // reset by the proxy: like a close
    }
  }

  private Optional<String> afterSilentClose(Optional<String> authorization)
      throws IOException {
    closed();
    Optional<String> next = exchange.connectionBound() && !challenges.isEmpty()
        ? Optional.of(exchange.respond(challenges)) // the engine restarts the handshake
        : authorization;
    open();
    return next;
  }

  /** Reads the 407 page; returns whether the connection stays usable. */
  private boolean drain407(Head head) throws IOException {
    Framing framing = Framing.ofResponse(head, method, 407);
    boolean open = head.keepAlive() && framing.kind() != Framing.Kind.UNTIL_CLOSE;
    if (!open) {
      return false; // not worth reading a page the connection ends with
    }
    connection.deadlines().arm(Math.min(deadline, System.nanoTime() + DRAIN_TIMEOUT.toNanos()),
        Long.MAX_VALUE, "the 407 page");
    try {
      return Bodies.drain(connection.in(), framing, DRAIN_CAP);
    } catch (StepTimeoutException e) {
      return false; // a dripping page: closing is cheaper than waiting
    } catch (HttpProtocolException e) {
      if (e.violation() != Violation.TRUNCATED) {
        throw e;
      }
      return false; // the proxy closed mid-page: its challenges still count
    } catch (SocketTimeoutException | AbandonedException e) {
      throw e;
    } catch (IOException e) {
      return false;
    }
  }

  private ProxyAuthException timedOut(StepTimeoutException e) {
    String bound = timeout.isZero() ? "" : shown(timeout) + " for the handshake, ";
    return exchange.fail(challenges, Diagnosis.Reason.PROXY_TIMEOUT, "timed out: the proxy "
        + proxy + " did not deliver " + e.step() + " in time (deadlines: " + bound
        + shown(HEAD_COMPLETION) + " for a response head once it starts)", "check that the"
        + " proxy is up and not overloaded; if it is only slow, raise the timeout", e);
  }

  private static String shown(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private void disarm() {
    try {
      connection.deadlines().disarm();
    } catch (SocketException e) {
      // A closed connection has nothing left to disarm.
    }
  }

  private void closed() {
    connection.close();
    exchange.connectionClosed();
  }

  private void open() throws IOException {
    if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
      throw timedOut(new StepTimeoutException("a new connection"));
    }
    connection = connector.open();
    connections++;
  }
}
