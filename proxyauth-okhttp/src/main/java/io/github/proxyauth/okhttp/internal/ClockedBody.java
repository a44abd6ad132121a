package io.github.proxyauth.okhttp.internal;

import java.io.IOException;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A forwarded request's body that lets the call's {@link HandshakeClock} run once it is written:
 * the wait for the proxy's answer counts toward the handshake deadline, the upload does not.
 */
final class ClockedBody extends ForwardingBody {
  private final HandshakeClock clock;

  ClockedBody(RequestBody delegate, HandshakeClock clock) {
    super(delegate);
    this.clock = clock;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try {
      super.writeTo(sink);
    } finally {
      clock.run();
    }
  }
}
