package io.github.proxyauth.testkit.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Basic on the proxy side (RFC 7617). With {@code charsetUtf8} the challenge says {@code
 * charset="UTF-8"} (§2.1) and only UTF-8 is accepted; otherwise the password may arrive as UTF-8
 * or ISO-8859-1 bytes, the two encodings clients use in practice.
 */
public final class BasicServerScheme implements ServerScheme {
  private final UserStore users;
  private final String realm;
  private final boolean charsetUtf8;

  public BasicServerScheme(UserStore users, String realm, boolean charsetUtf8) {
    this.users = users;
    this.realm = realm;
    this.charsetUtf8 = charsetUtf8;
  }

  @Override
  public String name() {
    return "basic";
  }

  @Override
  public String challenge(ServerConnection connection) {
    return "Basic realm=" + AuthParams.quote(realm) + (charsetUtf8 ? ", charset=\"UTF-8\"" : "");
  }

  @Override
  public Verdict verify(String credentials, ServerRequest request, ServerConnection connection) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(credentials.trim());
    } catch (IllegalArgumentException e) {
      return new Verdict.Rejected("Basic credentials are not base64 (token68)");
    }
    int colon = indexOf(decoded, (byte) ':');
    if (colon < 0) {
      return new Verdict.Rejected("Basic credentials have no ':' between user and password");
    }
    byte[] userBytes = Arrays.copyOf(decoded, colon);
    String user = new String(userBytes, charsetUtf8 ? StandardCharsets.UTF_8 : guess(userBytes));
    byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
    Optional<String> expected = users.password(user);
    if (expected.isEmpty()) {
      return new Verdict.Rejected("Basic user is unknown: " + user);
    }
    return matches(expected.get(), password)
        ? new Verdict.Accepted(user)
        : new Verdict.Rejected("Basic password is wrong for user " + user);
  }

  private boolean matches(String expected, byte[] password) {
    List<Charset> charsets = charsetUtf8
        ? List.of(StandardCharsets.UTF_8)
        : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1);
    boolean ok = false;
    for (Charset charset : charsets) {
      ok |= MessageDigest.isEqual(expected.getBytes(charset), password);
    }
    return ok;
  }

  private static Charset guess(byte[] bytes) {
    boolean utf8 = Arrays.equals(
        new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes);
    return utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
