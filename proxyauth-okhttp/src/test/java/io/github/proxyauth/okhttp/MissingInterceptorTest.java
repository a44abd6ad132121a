package io.github.proxyauth.okhttp;

import static io.github.proxyauth.okhttp.Calls.get;
import static io.github.proxyauth.okhttp.ProxyScheme.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.AuthEvent;
import io.github.proxyauth.testkit.TestProxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client given the authenticator without its network interceptor is told so, once. */
class MissingInterceptorTest {
  private final Logger logger = Logger.getLogger("io.github.proxyauth.okhttp");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void capture() {
    logger.addHandler(handler);
  }

  @AfterEach
  void release() {
    logger.removeHandler(handler);
  }

  @Test
  void authenticatorWithoutInterceptorWarnsOnceThroughLoggerAndEvent() throws Exception {
    EventLog events = new EventLog();
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.bounded(new OkHttpClient.Builder().proxy(proxy.proxy())
          .proxyAuthenticator(OkHttpProxyAuthenticator.of(
              ProxyScheme.BASIC.engine(PASSWORD).listener(events).build())));

      assertThat(get(client, origin.url("/1"))).isEqualTo("200 hello from /1");
      assertThat(get(client, origin.url("/2"))).isEqualTo("200 hello from /2");
    }

    assertThat(events.events).filteredOn(e -> e.type() == AuthEvent.Type.MISCONFIGURED)
        .singleElement().extracting(AuthEvent::detail).asString()
        .contains("network interceptor is not installed", "addNetworkInterceptor");
    assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).singleElement()
        .extracting(LogRecord::getMessage).asString()
        .contains("network interceptor is not installed");
  }

  @Test
  void configuredClientGetsNoWarning() throws Exception {
    EventLog events = new EventLog();
    try (TestProxy proxy = ProxyScheme.BASIC.proxy(); Origin origin = Origin.http()) {
      OkHttpClient client = Calls.client(
          ProxyScheme.BASIC.engine(PASSWORD).listener(events).build(), proxy);

      assertThat(get(client, origin.url("/1"))).isEqualTo("200 hello from /1");
      assertThat(get(client, origin.url("/2"))).isEqualTo("200 hello from /2");
    }

    assertThat(events.types()).doesNotContain(AuthEvent.Type.MISCONFIGURED)
        .contains(AuthEvent.Type.SUCCEEDED);
    assertThat(records).isEmpty();
  }
}
