package io.github.proxyauth.okhttp.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A one-shot request body that OkHttp may still send because it has not been written yet: the
 * legs before it were body-less probes. OkHttp refuses every follow-up whose body says it is
 * one-shot ({@code RetryAndFollowUpInterceptor}), so this says so only once it was written; a
 * second write (OkHttp retrying after it was sent) fails with a message saying why.
 */
final class SendOnceBody extends ForwardingBody {
  private final AtomicBoolean written = new AtomicBoolean();

  private SendOnceBody(RequestBody delegate) {
    super(delegate);
  }

  /** Returns {@code body} as a body OkHttp may send once more, if it is one-shot. */
  static RequestBody of(RequestBody body) {
    return body.isOneShot() && !(body instanceof SendOnceBody) ? new SendOnceBody(body) : body;
  }

  /** Returns true when {@code body} can be written only once, whether or not it was. */
  static boolean oneShot(RequestBody body) {
    return body instanceof SendOnceBody || body.isOneShot();
  }

  /** Returns true when {@code body} is one-shot and has been written (or may have been). */
  static boolean spent(RequestBody body) {
    return body instanceof SendOnceBody s ? s.written.get() : body.isOneShot();
  }

  @Override
  public boolean isOneShot() {
    return written.get();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    if (written.getAndSet(true)) {
      throw new IOException("Cannot send the one-shot request body again: it was already sent"
          + " (OkHttp retried the request after the body went out)");
    }
    super.writeTo(sink);
  }
}
