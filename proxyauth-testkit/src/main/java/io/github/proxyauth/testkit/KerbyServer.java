package io.github.proxyauth.testkit;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.kerby.kerberos.kerb.KrbException;
import io.github.proxyauth.testkit.internal.CountingIdentityBackend;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;

/**
 * A started Kerby {@link SimpleKdcServer} on 127.0.0.1 (TCP only) and the threads its start
 * created, so {@link TestKdc#close()} can wait for them.
 */
record KerbyServer(SimpleKdcServer kdc, int port, Set<Thread> threads) {
  private static final int START_ATTEMPTS = 5;

  /**
   * Returns a started server for {@code realm} working in {@code work}. Kerby cannot bind port 0
   * and report the port, so a free port is picked and the start retried when it was taken.
   */
  static KerbyServer start(String realm, Path work) throws IOException {
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      try {
        return startOn(realm, work, port);
      } catch (KrbException e) {
        if (attempt >= START_ATTEMPTS || !causedByBind(e)) {
          throw new IOException("Kerby KDC for realm " + realm + " did not start on 127.0.0.1:"
              + port + " (attempt " + attempt + " of " + START_ATTEMPTS + ")", e);
        }
      }
    }
  }

  /** Stops {@code kdc}, adding any failure to {@code failure} as suppressed. */
  static void stopQuietly(SimpleKdcServer kdc, Exception failure) {
    try {
      kdc.stop();
    } catch (KrbException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static KerbyServer startOn(String realm, Path work, int port) throws KrbException {
    SimpleKdcServer kdc = new SimpleKdcServer();
    kdc.setWorkDir(work.toFile());
    kdc.setKdcRealm(realm);
    kdc.setKdcHost("127.0.0.1");
    kdc.setAllowUdp(false);
    kdc.setKdcTcpPort(port);
    // Kerby refuses tickets shorter than an hour by default: TestKdc.kinit may ask for less.
    kdc.getKdcConfig().setLong(KdcConfigKey.MINIMUM_TICKET_LIFETIME, 1L);
    kdc.getBackendConfig().setString(KdcConfigKey.KDC_IDENTITY_BACKEND,
        CountingIdentityBackend.class.getName()); // TestKdc.asRequests
    CountingIdentityBackend.reset();
    JvmKerberosSettings.keepKrb5Conf(kdc::init);
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try {
      kdc.start();
    } catch (KrbException | RuntimeException e) {
      stopQuietly(kdc, e);
      throw e;
    }
    Set<Thread> started = new HashSet<>(Thread.getAllStackTraces().keySet());
    started.removeAll(before);
    // Kerby's accept loop is an unnamed thread; anything else appearing now is not ours.
    started.removeIf(t -> !t.getName().startsWith("Thread-"));
    return new KerbyServer(kdc, port, Set.copyOf(started));
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
