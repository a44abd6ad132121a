package io.github.proxyauth.benchmarks;

import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import java.net.URI;
import java.util.concurrent.TimeUnit;
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
 * The peer of {@link EndToEndBenchmark}'s {@code httpclient5} rows: Apache HttpClient 5 with its
 * own Basic, Digest and deprecated NTLM (it has no SPNEGO without a JAAS set-up) through the same
 * proxy, with one shared context, as HttpClient's documentation advises for NTLM (a fresh context
 * per request costs it a challenge each time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class HttpClient5OwnBenchmark {
  @Param({"none", "basic", "digest", "ntlm"})
  public String scheme;

  private ProxyHandle proxy;
  private URI uri;
  private CloseableHttpClient client;
  private final HttpClientContext context = HttpClientContext.create();

  /** Starts the proxy and warms the client with one authenticated request. */
  @Setup
  public void setUp() throws Exception {
    proxy = ProxyHandle.start(scheme);
    uri = Clients.small(proxy);
    client = Clients.httpclient5Own(proxy, scheme);
    request();
  }

  /** Returns the body of one GET through the proxy. */
  @Benchmark
  public String request() throws Exception {
    return Clients.get(client, context, uri);
  }

  /** Closes the client and the proxy. */
  @TearDown
  public void tearDown() {
    client.close(CloseMode.GRACEFUL);
    proxy.close();
  }
}
