package io.github.proxyauth.benchmarks;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.benchmarks.support.Clients;
import io.github.proxyauth.benchmarks.support.ProxyHandle;
import io.github.proxyauth.benchmarks.support.RawTunnel;
import io.github.proxyauth.jdkhttp.ProxyAuthHttpClient;
import io.github.proxyauth.relay.ProxyRelay;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * proxyauth-jdkhttp's relay against the same proxy (no authentication, child JVM) reached
 * directly: small forwarded GETs with the JDK client (relay: {@code ProxyAuthHttpClient}; direct:
 * a plain {@code HttpClient}), and bulk bytes through a CONNECT tunnel to a raw TCP origin
 * (relay: the tunnel goes client, relay, proxy, origin; direct: client, proxy, origin).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RelayBenchmark {
  /** MiB per bulk operation. */
  @Param({"100"})
  public int bulkMiB;

  private ProxyHandle proxy;
  private URI small;
  private HttpClient direct;
  private ProxyAuthHttpClient viaRelay;
  private ProxyRelay relay;
  private InetSocketAddress relayAddress;
  private String secretHeader;

  /** Starts the proxy, both clients and a relay for the raw tunnels. */
  @Setup
  public void setUp() throws Exception {
    proxy = ProxyHandle.start("none");
    small = Clients.small(proxy);
    direct = Clients.jdkDirect(proxy);
    ProxyAuthenticator engine = Clients.engine("none");
    viaRelay = Clients.jdkhttp(proxy, engine);
    relay = ProxyRelay.builder(engine).upstream(ProxySelector.of(proxy.proxy())).build();
    Proxy chosen = relay.proxySelector().select(URI.create("https://127.0.0.1:"
        + proxy.rawOrigin() + "/")).get(0);
    relayAddress = (InetSocketAddress) chosen.address();
    secretHeader = ProxyRelay.SECRET_HEADER + ": " + relay.secret();
  }

  /** Returns the body of a small GET, plain JDK client straight to the proxy. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public String smallDirect() throws IOException, InterruptedException {
    return Clients.get(direct, small);
  }

  /** Returns the body of a small GET, JDK client through the relay. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public String smallRelay() throws IOException, InterruptedException {
    return Clients.get(viaRelay, small);
  }

  /** Returns the bytes received through a tunnel opened at the proxy itself. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public long bulkDirect() throws IOException {
    return checked(RawTunnel.download(proxy.proxy(), proxy.rawOrigin(), bytes(), Optional.empty()));
  }

  /** Returns the bytes received through a tunnel opened at the relay. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public long bulkRelay() throws IOException {
    return checked(RawTunnel.download(relayAddress, proxy.rawOrigin(), bytes(),
        Optional.of(secretHeader)));
  }

  private long bytes() {
    return bulkMiB * 1024L * 1024L;
  }

  private long checked(long received) throws IOException {
    if (received != bytes()) {
      throw new IOException("Expected " + bytes() + " bytes but received " + received);
    }
    return received;
  }

  /** Closes clients, relay and proxy. */
  @TearDown
  public void tearDown() {
    viaRelay.close();
    relay.close();
    proxy.close();
  }
}
