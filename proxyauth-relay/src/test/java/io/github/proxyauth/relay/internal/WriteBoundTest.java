package io.github.proxyauth.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bound on every write, without a timer task per write. */
class WriteBoundTest {

  @Test
  @Timeout(30)
  void manyShortWritesScheduleOneCheckNotOneEach() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      WriteBound out = new WriteBound(client, () -> { }, 60_000);
      long before = WriteBound.scheduled();
      for (int i = 0; i < 1000; i++) {
        out.write(new byte[] {(byte) i, 1, 2}, 0, 3);
      }
      // Other tests' streams may schedule meanwhile, but nowhere near one per write.
      assertThat(WriteBound.scheduled() - before).isLessThan(100);
      InputStream in = peer.getInputStream();
      assertThat(in.readNBytes(3000)).hasSize(3000);
    }
  }

  @Test
  @Timeout(30)
  void aWriteToAPeerThatStoppedReadingStillFailsWithA504() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      AtomicBoolean closed = new AtomicBoolean();
      WriteBound out = new WriteBound(client, () -> {
        closed.set(true);
        try {
          client.close();
        } catch (java.io.IOException e) {
          // closing is all we want
        }
      }, 60_000);
      out.write(new byte[10], 0, 10); // a check for a long bound is pending
      out.bound(200, "the test bound");
      byte[] chunk = new byte[1 << 20];
      assertThatThrownBy(() -> {
        for (int i = 0; i < 1024; i++) {
          out.write(chunk, 0, chunk.length); // the peer never reads: the buffers fill
        }
      }).isInstanceOfSatisfying(HttpFailure.class, e -> {
        assertThat(e.status()).isEqualTo(504);
        assertThat(e.getMessage()).contains("stopped reading", "the test bound");
      });
      assertThat(closed).isTrue();
    }
  }
}
