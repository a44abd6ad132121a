package io.github.proxyauth.httpclient5.internal;

import io.github.proxyauth.ProxyAuthException;
import java.io.IOException;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * The classic client's request executor, seeing every request and response on the wire: the only
 * place the raw answer to HttpClient's own CONNECT can be read (its tunnel code keeps it from the
 * exec chain and the context), and the only one that knows the connection. Removes
 * {@code Proxy-Authorization} from anything that goes into a tunnel or straight to an origin,
 * authenticates a forwarded request of a connection-bound scheme ahead on a connection it has not
 * authenticated ({@link Handshake#onWire}), records the proxy's 407s for the engine, and reports a
 * CONNECT's 200 or a forwarded request's answer as the success of the handshake. Thread-safe.
 */
final class WireTap extends HttpRequestExecutor {
  @Override
  public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection conn,
      @Nullable HttpResponseInformationCallback informationCallback, HttpContext context)
      throws IOException, HttpException {
    Optional<Handshake> handshake = Handshake.find(context);
    if (handshake.isEmpty()) {
      return super.execute(request, conn, informationCallback, context);
    }
    if (!handshake.get().mayCarryCredentials(request)) {
      request.removeHeaders(Facts.PROXY_AUTHORIZATION);
    } else {
      handshake.get().onWire(request, conn)
          .ifPresent(value -> request.setHeader(Facts.PROXY_AUTHORIZATION, value));
    }
    ClassicHttpResponse response = super.execute(request, conn, informationCallback, context);
    try {
      handshake.get().onResponse(request, response, conn);
    } catch (ProxyAuthException e) {
      response.close();
      throw e;
    }
    return response;
  }
}
