package io.github.proxyauth.benchmarks.support;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs a {@link ProxyStack} until standard input closes: {@code ProxyMain <scheme> <keytab>
 * <spn>}. Prints {@code READY <proxyPort> <httpOriginPort> <rawOriginPort>} once serving.
 */
public final class ProxyMain {
  private ProxyMain() {}

  /** Starts the stack, prints the ports, and stops when standard input reaches its end. */
  public static void main(String[] args) throws IOException {
    try (ProxyStack stack = ProxyStack.start(args[0], Path.of(args[1]), args[2])) {
      System.out.println("READY " + stack.proxy().getPort() + " " + stack.httpOrigin() + " "
          + stack.rawOrigin());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our input
      }
    }
    System.exit(0);
  }
}
