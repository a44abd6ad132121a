package io.github.proxyauth.benchmarks;

import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import io.github.proxyauth.benchmarks.support.SharedKdc.Kdc;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.io.CloseMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One small forwarded GET per operation through the test kit's proxy (in a child JVM) on
 * loopback, with a warm client: OkHttp with proxyauth-okhttp, the JDK client with
 * proxyauth-jdkhttp (through its relay), or Apache HttpClient 5 (classic, a new context per
 * request as most callers do) with proxyauth-httpclient5. {@code scheme=none} is the same proxy without
 * authentication: the ratio of each scheme to it is the headline. Sample time gives the mean
 * (one thread, so requests per second is its inverse) and the percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = Kdc.EXPORTS)
public class EndToEndBenchmark {
  @Param({"okhttp", "jdkhttp", "httpclient5"})
  public String client;

  @Param({"none", "basic", "digest", "ntlm", "negotiate"})
  public String scheme;

  private ProxyHandle proxy;
  private URI uri;
  private Optional<OkHttpClient> okhttp = Optional.empty();
  private Optional<ProxyAuthHttpClient> jdkhttp = Optional.empty();
  private Optional<CloseableHttpClient> httpclient5 = Optional.empty();

  /** Starts the proxy and warms the client with one authenticated request. */
  @Setup
  public void setUp() throws Exception {
    proxy = ProxyHandle.start(scheme);
    uri = Clients.small(proxy);
    if (client.equals("okhttp")) {
      okhttp = Optional.of(Clients.okhttp(proxy, Clients.engine(scheme)));
    } else if (client.equals("jdkhttp")) {
      jdkhttp = Optional.of(Clients.jdkhttp(proxy, Clients.engine(scheme)));
    } else if (client.equals("httpclient5")) {
      httpclient5 = Optional.of(Clients.httpclient5(proxy, Clients.engine(scheme)));
    } else {
      throw new IllegalArgumentException("Expected client okhttp, jdkhttp or httpclient5 but got "
          + client);
    }
    request();
  }

  /** Returns the body of one GET through the proxy. */
  @Benchmark
  public String request() throws Exception {
    if (httpclient5.isPresent()) {
      return Clients.get(httpclient5.get(), HttpClientContext.create(), uri);
    }
    return okhttp.isPresent() ? Clients.get(okhttp.get(), uri)
        : Clients.get(jdkhttp.orElseThrow(), uri);
  }

  /** Closes the client and the proxy. */
  @TearDown
  public void tearDown() {
    okhttp.ifPresent(c -> {
      c.dispatcher().executorService().shutdown();
      c.connectionPool().evictAll();
    });
    jdkhttp.ifPresent(ProxyAuthHttpClient::close);
    httpclient5.ifPresent(c -> c.close(CloseMode.GRACEFUL));
    proxy.close();
  }
}
