package io.github.proxyauth.internal.http;

import io.github.proxyauth.spi.AuthExchange;
import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;

/**
 * The one proxy handshake loop: sends a request, reads the answer (skipping interim responses),
 * and for each {@code 407} drains the page (up to {@link #DRAIN_CAP} bytes, else closes), asks
 * the engine for the next {@code Proxy-Authorization} and sends again, reconnecting when the
 * proxy closed the connection. Returns the first answer that is not a 407, the connection
 * positioned at its body. The engine decides everything about authentication, including when to
 * stop: its attempt cap ({@code ProxyAuthenticator.Builder.maxAttempts}) ends a proxy that
 * answers 407 forever; this loop has no cap of its own on 407s. Not thread-safe.
 *
 * @param <C> the connection type of the caller (a plain socket, a relay's pooled connection)
 */
public final class ProxyHandshake<C extends ProxyHandshake.Connection> {
  /** Most interim (1xx) responses skipped before one final answer. */
  public static final int MAX_INTERIM = 8;
  /** Most 407 body bytes drained to keep a connection; a larger page closes it instead. */
  public static final long DRAIN_CAP = 64 * 1024;
  /** Most times a proxy may close a connection without answering before the handshake fails. */
  static final int MAX_SILENT_CLOSES = 3;

  /** One connection to the proxy. */
  public interface Connection {
    /** Returns the stream the answers are read from. */
    InputStream in();

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
  private C connection;
  private int connections = 1;
  private int requests;

  /** Returns a handshake for {@code exchange} (a request with {@code method}) on {@code first}. */
  public ProxyHandshake(AuthExchange exchange, String method, Connector<C> connector, C first) {
    this.exchange = exchange;
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
    Optional<String> authorization = first;
    List<String> challenges = List.of();
    int silentCloses = 0;
    while (true) {
      Optional<Head> head = sendAndRead(sender, authorization);
      if (head.isEmpty()) {
        if (++silentCloses > MAX_SILENT_CLOSES || (!connection.reused() && challenges.isEmpty())) {
          throw new HttpProtocolException(Side.RESPONSE, Violation.NO_RESPONSE, "an answer to "
              + method + " from the proxy " + proxy, "the connection closed (" + silentCloses
              + " time(s))", "the response head");
        }
        authorization = afterSilentClose(authorization, challenges);
        continue;
      }
      if (head.get().status() != 407) {
        exchange.succeeded(head.get().values("Proxy-Authenticate"));
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
    try {
      sender.send(connection, authorization);
    } catch (StaleConnectionException e) {
      return Optional.empty();
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
    try {
      return HeadReader.read(connection.in(), Side.RESPONSE);
    } catch (HttpProtocolException | SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return Optional.empty(); // reset by the proxy: like a close
    }
  }

  private Optional<String> afterSilentClose(Optional<String> authorization,
      List<String> challenges) throws IOException {
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
    try {
      return Bodies.drain(connection.in(), framing, DRAIN_CAP) && open;
    } catch (HttpProtocolException e) {
      if (e.violation() != Violation.TRUNCATED) {
        throw e;
      }
      return false; // the proxy closed mid-page: its challenges still count
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      return false;
    }
  }

  private void closed() {
    connection.close();
    exchange.connectionClosed();
  }

  private void open() throws IOException {
    connection = connector.open();
    connections++;
  }
}
