package io.github.proxyauth.internal.digest;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Remembers H(user:realm:password) per {@link Credentials} instance, so that a warm Digest
 * connection hashes only A2 and the response, not the password, for every request. Keys are
 * weak: credentials that a provider rotated out drop their entry with them, and an entry never
 * outlives the password it was derived from. One entry per credentials (the last realm and
 * algorithm seen); thread-safe. The hash is password-equivalent for Digest, so it is kept only
 * here, never in a {@code toString()}.
 */
final class Ha1Cache {
  private static final Map<Credentials, Entry> ENTRIES = new WeakHashMap<>();

  private record Entry(DigestAlgorithm algorithm, Charset charset, String realm, String ha1) {
    boolean matches(DigestInput in) {
      return algorithm == in.algorithm() && charset.equals(in.charset())
          && realm.equals(in.realm());
    }
  }

  private Ha1Cache() {}

  /** Returns H(A1) before any -sess rehash, computed once per credentials, realm and algorithm. */
  static String baseHa1(Credentials credentials, DigestInput in) throws ProxyAuthException {
    synchronized (ENTRIES) {
      Entry entry = ENTRIES.get(credentials);
      if (entry != null && entry.matches(in)) {
        return entry.ha1();
      }
    }
    char[] password = credentials.password();
    String ha1;
    try {
      ha1 = DigestCompute.baseHa1(in, password);
    } finally {
      Arrays.fill(password, '\0');
    }
    synchronized (ENTRIES) {
      ENTRIES.put(credentials, new Entry(in.algorithm(), in.charset(), in.realm(), ha1));
    }
    return ha1;
  }
}
