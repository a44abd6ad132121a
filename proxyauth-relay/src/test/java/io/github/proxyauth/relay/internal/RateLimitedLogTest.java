package io.github.proxyauth.relay.internal;

import static io.github.proxyauth.relay.internal.ForwarderTest.exchange;
import static io.github.proxyauth.relay.internal.ForwarderTest.relay;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16, item 3: refusals a hostile client provokes at will are one rate-limited WARNING line,
 * not one per refusal, and the line carries nothing the client sent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateLimitedLogTest {
  static final int REFUSED = 100;

  @Test
  void refusedRequestsLogOneLineWithoutWhatTheClientSent() throws Exception {
    Logger logger = Logger.getLogger("io.github.proxyauth.relay");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try (TestProxy proxy = TestProxy.builder().build();
        Relay relay = relay(proxy, "canary-log-Pw-51")) {
      for (int i = 0; i < REFUSED; i++) {
        assertThat(exchange(relay, "GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n"
            + Relay.TOKEN_HEADER + ": guess-" + i + "\r\n\r\n")).startsWith("HTTP/1.1 403");
      }
    } finally {
      logger.removeHandler(handler);
    }

    List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING)
        .map(LogRecord::getMessage).toList();
    assertThat(warnings).hasSize(1).first().asString().contains("refused requests")
        .doesNotContain("guess-");
  }
}
