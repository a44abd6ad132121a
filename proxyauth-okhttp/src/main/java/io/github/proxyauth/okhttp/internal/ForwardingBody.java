package io.github.proxyauth.okhttp.internal;

import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/** A request body that answers for {@code delegate}; subclasses add to {@link #writeTo}. */
abstract class ForwardingBody extends RequestBody {
  final RequestBody delegate;

  ForwardingBody(RequestBody delegate) {
    this.delegate = delegate;
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
    delegate.writeTo(sink);
  }
}
