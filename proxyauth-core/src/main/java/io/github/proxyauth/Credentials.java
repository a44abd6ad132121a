package io.github.proxyauth;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A user name and password for Basic, Digest and NTLM, with an optional NTLM domain and the place
 * the credentials came from (their source, shown in diagnostics).
 *
 * <p>The user may be given as <code>DOMAIN&#92;user</code> or {@code user@domain}; {@link #domain()} and
 * {@link #account()} then hold the two parts while {@link #user()} keeps the form as given (Basic
 * and Digest send that form). The password is held as a {@code char[]} copied on the way in and
 * out. {@link #toString()} shows the user and source only. Instances are immutable and
 * thread-safe.
 */
public final class Credentials {
  private final String user;
  private final String account;
  private final Optional<String> domain;
  private final char[] password;
  private final String source;
  /** The source of credentials made in code. */
  private static final String IN_CODE = "configured in code";

  private Credentials(String user, String account, Optional<String> domain, char[] password,
      String source) {
    this.user = user;
    this.account = account;
    this.domain = domain;
    this.password = password.clone();
    this.source = source;
  }

  /**
   * Returns credentials for {@code user}, which may carry a domain as <code>DOMAIN&#92;user</code> or
   * {@code user@domain}. The source reads "configured in code".
   *
   * @throws IllegalArgumentException if the user is empty or contains control characters
   */
  public static Credentials of(String user, char[] password) {
    Objects.requireNonNull(password, "password");
    checkUser(user);
    int backslash = user.indexOf('\\');
    if (backslash > 0 && backslash < user.length() - 1) {
      return new Credentials(user, user.substring(backslash + 1),
          Optional.of(user.substring(0, backslash)), password, IN_CODE);
    }
    int at = user.lastIndexOf('@');
    if (at > 0 && at < user.length() - 1) {
      return new Credentials(user, user.substring(0, at), Optional.of(user.substring(at + 1)),
          password, IN_CODE);
    }
    return new Credentials(user, user, Optional.empty(), password, IN_CODE);
  }

  /** Returns credentials for a plain {@code user} in an NTLM {@code domain}. */
  public static Credentials of(String user, String domain, char[] password) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(password, "password");
    checkUser(user);
    return new Credentials(user, user, domain.isEmpty() ? Optional.empty() : Optional.of(domain),
        password, IN_CODE);
  }

  /** Returns a copy that names {@code source} (for example "HTTPS_PROXY") as its origin. */
  public Credentials withSource(String source) {
    return new Credentials(user, account, domain, password, Objects.requireNonNull(source, "source"));
  }

  /** Returns the user as given, domain part included. */
  public String user() {
    return user;
  }

  /** Returns the user without its domain part. */
  public String account() {
    return account;
  }

  /** Returns the NTLM domain, or empty when none was given. */
  public Optional<String> domain() {
    return domain;
  }

  /** Returns a copy of the password; callers should clear it after use. */
  public char[] password() {
    return password.clone();
  }

  /** Returns where these credentials came from, for diagnostics. Never the secret. */
  public String source() {
    return source;
  }

  /**
   * Returns true when {@code other} has the same user, domain and password. The password comparison
   * takes the same time wherever the first difference is.
   */
  public boolean sameAs(Credentials other) {
    return user.equals(other.user) && domain.equals(other.domain)
        && MessageDigest.isEqual(utf8(password), utf8(other.password));
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", source=" + source + ", password=<redacted>]";
  }

  private static byte[] utf8(char[] chars) {
    var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    Arrays.fill(buffer.array(), (byte) 0);
    return bytes;
  }

  private static void checkUser(String user) {
    Objects.requireNonNull(user, "user");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("user is empty");
    }
    for (int i = 0; i < user.length(); i++) {
      if (Character.isISOControl(user.charAt(i))) {
        throw new IllegalArgumentException("user contains a control character at index " + i);
      }
    }
  }
}
