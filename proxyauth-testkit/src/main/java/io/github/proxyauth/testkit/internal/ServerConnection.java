package io.github.proxyauth.testkit.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One accepted TCP connection. Schemes keep per-connection handshake state in
 * {@link #attributes()} (NTLM's Type 2 challenge, the authenticated user).
 */
public final class ServerConnection {
  private final long id;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();

  public ServerConnection(long id) {
    this.id = id;
  }

  /** Returns the connection number, counting from 0 in accept order. */
  public long id() {
    return id;
  }

  /** Returns mutable per-connection state for schemes. */
  public Map<String, Object> attributes() {
    return attributes;
  }
}
