package io.github.proxyauth.internal.http;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * TLS to an https proxy over a connected socket: server name indication and host name
 * verification (RFC 9110 §4.3.4) for the proxy's host as configured, {@code context} deciding
 * which certificates are trusted. Each handshake read is bounded by the socket's timeout.
 */
public final class ProxyTlsSocket {
  private ProxyTlsSocket() {}

  /** Returns the TLS socket over {@code socket}, handshake done; closing it closes both. */
  public static SSLSocket open(SSLContext context, Socket socket, String host, int port)
      throws IOException {
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
    SSLParameters parameters = tls.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (host.indexOf(':') < 0 && !host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    tls.setSSLParameters(parameters);
    tls.startHandshake();
    return tls;
  }
}
