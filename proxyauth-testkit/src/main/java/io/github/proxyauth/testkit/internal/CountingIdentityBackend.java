package io.github.proxyauth.testkit.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kerby.kerberos.kerb.identity.backend.MemoryIdentityBackend;
import org.apache.kerby.kerberos.kerb.request.KrbIdentity;

/**
 * The test KDC's identity store: Kerby's in-memory one, counting the lookups of each principal,
 * so that a test can see how often the KDC served a principal as the client of an AS exchange (a
 * login; Kerby looks the client up there, not in a TGS exchange). Kerby creates it by class
 * name, hence public; the counts are JVM-wide, like Kerby's one KDC per JVM. Thread-safe.
 */
public final class CountingIdentityBackend extends MemoryIdentityBackend {
  private static final Map<String, AtomicInteger> LOOKUPS = new ConcurrentHashMap<>();

  /** Kerby's reflective constructor. */
  public CountingIdentityBackend() {}

  /** Returns how often {@code principal} was looked up since the KDC started. */
  public static int lookups(String principal) {
    AtomicInteger count = LOOKUPS.get(principal);
    return count == null ? 0 : count.get();
  }

  /** Forgets the counts: a new KDC starts from zero. */
  public static void reset() {
    LOOKUPS.clear();
  }

  @Override
  protected KrbIdentity doGetIdentity(String principal) {
    LOOKUPS.computeIfAbsent(principal, p -> new AtomicInteger()).incrementAndGet();
    return super.doGetIdentity(principal);
  }
}
