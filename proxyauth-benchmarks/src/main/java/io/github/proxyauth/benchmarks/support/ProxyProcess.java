package io.github.proxyauth.benchmarks.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Returns, from {@link #start}, a {@link ProxyStack} running in a child JVM ({@link ProxyMain}) on
 * this JVM's class path, so the proxy's request log and threads stay out of the measured heap.
 * The child stops when its standard input closes ({@link #close()}) or this JVM exits.
 */
public final class ProxyProcess implements ProxyHandle {
  private final Process process;
  private final InetSocketAddress proxy;
  private final int httpOrigin;
  private final int rawOrigin;

  private ProxyProcess(Process process, String[] ports) {
    this.process = process;
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.proxy = new InetSocketAddress(loopback, Integer.parseInt(ports[1]));
    this.httpOrigin = Integer.parseInt(ports[2]);
    this.rawOrigin = Integer.parseInt(ports[3]);
  }

  /** Returns a running child proxy for {@code scheme}; see {@link ProxyStack#start}. */
  public static ProxyProcess start(String scheme, Path keytab, String spn,
      Optional<Path> krb5Conf) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g", "-XX:+UseParallelGC"));
    krb5Conf.ifPresent(c -> command.add("-Djava.security.krb5.conf=" + c));
    // The proxy's Kerberos replay cache writes a file per accepted token; Squid's recipe runs its
    // helper with "-t none" too. Off here so the numbers measure the client, not the test proxy.
    command.add("-Dsun.security.krb5.rcache=none");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ProxyMain.class.getName(), scheme, keytab.toString(), spn));
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      return new ProxyProcess(process, readyLine(process).split(" "));
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static String readyLine(Process process) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.US_ASCII));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        String l = out.readLine();
        return l == null ? "" : l;
      } catch (IOException e) {
        return "";
      }
    });
    try {
      String ready = line.get(120, TimeUnit.SECONDS);
      if (!ready.startsWith("READY ")) {
        throw new IOException("Expected 'READY <ports>' from the child proxy but got '" + ready
            + "' (exit " + (process.isAlive() ? "running" : process.exitValue()) + ")");
      }
      return ready;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for the child proxy", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("the child proxy did not start within 120 s", e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  @Override
  public InetSocketAddress proxy() {
    return proxy;
  }

  @Override
  public int httpOrigin() {
    return httpOrigin;
  }

  @Override
  public int rawOrigin() {
    return rawOrigin;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
