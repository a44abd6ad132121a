package io.github.proxyauth.testkit;

import java.io.IOException;
import java.nio.file.Path;

/** Builds the proxy a {@link ProxyTest} annotation describes. */
final class ProxyTestSetup {

  /** Returns the KDC of the current scope, started on first use. */
  interface KdcSource {
    TestKdc get() throws IOException;
  }

  private ProxyTestSetup() {}

  static TestProxy build(ProxyTest settings, KdcSource kdc) throws IOException {
    TestProxy.Builder builder = TestProxy.builder().fault(settings.faults());
    for (String entry : settings.users()) {
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("Expected users as 'user:password', got an entry "
            + "without ':' (" + (colon < 0 ? "no colon" : "empty user") + ")");
      }
      builder.user(entry.substring(0, colon), entry.substring(colon + 1));
    }
    for (ProxyTest.Scheme scheme : settings.schemes()) {
      add(builder, scheme, settings, kdc);
    }
    return builder.build();
  }

  private static void add(TestProxy.Builder builder, ProxyTest.Scheme scheme,
      ProxyTest settings, KdcSource kdc) throws IOException {
    switch (scheme) {
      case BASIC:
        builder.basic(settings.realm());
        break;
      case DIGEST:
        builder.digest(settings.realm()).digestAlgorithms(settings.digestAlgorithms());
        break;
      case NTLM:
        builder.ntlm(settings.ntlmDomain());
        break;
      default:
        TestKdc k = kdc.get();
        for (String entry : settings.users()) {
          k.addPrincipal(entry.substring(0, entry.indexOf(':')),
              entry.substring(entry.indexOf(':') + 1));
        }
        Path keytab = k.createServicePrincipal(settings.servicePrincipal());
        builder.negotiate(keytab, k.principal(settings.servicePrincipal()));
    }
  }
}
