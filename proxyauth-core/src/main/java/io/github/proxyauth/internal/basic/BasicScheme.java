package io.github.proxyauth.internal.basic;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/** RFC 7617 Basic. Stateless: every answer is the same header for the same credentials. */
public final class BasicScheme implements AuthScheme {
  public static final BasicScheme INSTANCE = new BasicScheme();

  private BasicScheme() {}

  @Override
  public String name() {
    return "basic";
  }

  @Override
  public int strength() {
    return BASIC_STRENGTH;
  }

  @Override
  public AuthSession newSession(AuthContext context) throws ProxyAuthException {
    Credentials credentials = context.credentials()
        .orElseThrow(() -> new ProxyAuthException("Basic needs credentials for "
            + context.scope().proxy() + ": configure a user and password"));
    return new AuthSession() {
      @Override
      public Optional<String> preemptive() throws ProxyAuthException {
        Challenge cached = context.cachedChallenge().orElse(Challenge.of("basic"));
        return Optional.of(encode(credentials, charsetOf(cached)));
      }

      @Override
      public String respond(Challenge challenge) throws ProxyAuthException {
        return encode(credentials, charsetOf(challenge));
      }
    };
  }

  /** RFC 7617 §2.1: the only allowed charset parameter value is UTF-8; default is ISO-8859-1. */
  static Charset charsetOf(Challenge challenge) {
    return challenge.param("charset").filter(c -> c.equalsIgnoreCase("UTF-8")).isPresent()
        ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
  }

  /** Returns {@code Basic base64(user ":" password)}, clearing intermediate copies of the secret. */
  static String encode(Credentials credentials, Charset charset) throws ProxyAuthException {
    String user = credentials.user();
    if (user.indexOf(':') >= 0) {
      throw new ProxyAuthException("Basic user names cannot contain ':' (RFC 7617 §2); user '"
          + user + "' does");
    }
    char[] password = credentials.password();
    char[] joined = new char[user.length() + 1 + password.length];
    user.getChars(0, user.length(), joined, 0);
    joined[user.length()] = ':';
    System.arraycopy(password, 0, joined, user.length() + 1, password.length);
    Arrays.fill(password, '\0');
    try {
      byte[] bytes = encodeStrict(joined, charset, credentials);
      String value = "Basic " + Base64.getEncoder().encodeToString(bytes);
      Arrays.fill(bytes, (byte) 0);
      return value;
    } finally {
      Arrays.fill(joined, '\0');
    }
  }

  private static byte[] encodeStrict(char[] chars, Charset charset, Credentials credentials)
      throws ProxyAuthException {
    CharsetEncoder encoder = charset.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer buffer = encoder.encode(CharBuffer.wrap(chars));
      byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
      Arrays.fill(buffer.array(), (byte) 0);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new ProxyAuthException("Basic credentials of user '" + credentials.user()
          + "' contain characters that " + charset + " cannot encode, and the proxy did not"
          + " offer charset=\"UTF-8\" (RFC 7617 §2.1): use ASCII credentials or a proxy that"
          + " accepts UTF-8");
    }
  }
}
