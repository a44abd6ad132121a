package io.github.proxyauth.testkit;

/**
 * Returns, as a value, one TCP connection the {@link TestProxy} accepted. Immutable.
 *
 * @param id the connection number, counting from 0 in accept order
 * @param clientPort the client's local port, to match a connection to a client socket
 * @param refused whether {@link Fault#REFUSE_CONNECTIONS} closed it right after accept
 */
public record RecordedConnection(long id, int clientPort, boolean refused) {

  /** Rejects a negative id or a port outside 0..65535. */
  public RecordedConnection {
    if (id < 0 || clientPort < 0 || clientPort > 65535) {
      throw new IllegalArgumentException(
          "Expected id >= 0 and a port in 0..65535, got id " + id + " and port " + clientPort);
    }
  }
}
