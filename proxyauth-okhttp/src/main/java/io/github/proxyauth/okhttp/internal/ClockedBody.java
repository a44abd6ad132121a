package io.github.proxyauth.okhttp.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * A forwarded request's body that lets the call's {@link HandshakeClock} run once it is written:
 * the wait for the proxy's answer counts toward the handshake deadline, the upload does not.
 */
final class ClockedBody extends RequestBody {
  private final RequestBody delegate;
  private final HandshakeClock clock;

  ClockedBody(RequestBody delegate, HandshakeClock clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  @Override
  public @Nullable MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public boolean isOneShot() {
    return delegate.isOneShot();
  }

  @Override
  public boolean isDuplex() {
    return delegate.isDuplex();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    try {
      delegate.writeTo(sink);
    } finally {
      clock.run();
    }
  }
}
