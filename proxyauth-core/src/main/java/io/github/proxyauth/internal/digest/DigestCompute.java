package io.github.proxyauth.internal.digest;

import io.github.proxyauth.ProxyAuthException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The RFC 7616 §3.4 computations as pure functions of their inputs. */
final class DigestCompute {
  private DigestCompute() {}

  /**
   * Returns the {@code response} value: {@code KD(H(A1), nonce:nc:cnonce:qop:H(A2))}, or, without
   * qop, the RFC 2069 form {@code KD(H(A1), nonce:H(A2))}. With {@code auth-int} the entity body
   * is empty: the engine answers for CONNECT and for bodiless retries only.
   */
  static String response(DigestInput in, char[] password) throws ProxyAuthException {
    return responseFromBase(in, baseHa1(in, password));
  }

  /** Returns {@link #response} from H(A1) before the -sess rehash (see {@link Ha1Cache}). */
  static String responseFromBase(DigestInput in, String baseHa1) throws ProxyAuthException {
    DigestAlgorithm h = in.algorithm();
    String ha1 = sessionHa1(in, baseHa1);
    String a2 = in.method() + ":" + in.uri();
    if (in.qop().filter("auth-int"::equals).isPresent()) {
      a2 += ":" + h.hex(new byte[0]);
    }
    String ha2 = h.hex(octets(a2, "the request method and target"));
    String data = in.qop().isEmpty()
        ? in.nonce() + ":" + ha2
        : in.nonce() + ":" + in.nc() + ":" + in.cnonce() + ":" + in.qop().get() + ":" + ha2;
    return h.hex(octets(ha1 + ":" + data, "the nonce"));
  }

  /** Returns {@code H(username:realm)}, the hashed user name of RFC 7616 §3.4.4. */
  static String userhash(DigestAlgorithm algorithm, Charset charset, String user, String realm)
      throws ProxyAuthException {
    return algorithm.hex(encode((user + ":" + realm).toCharArray(), charset, user));
  }

  /** Returns H(A1), with the -sess rehash of RFC 7616 §3.4.2. */
  static String ha1(DigestInput in, char[] password) throws ProxyAuthException {
    return sessionHa1(in, baseHa1(in, password));
  }

  /** Returns {@code H(user:realm:password)}; clears its copies of the password. */
  static String baseHa1(DigestInput in, char[] password) throws ProxyAuthException {
    String prefix = in.user() + ":" + in.realm() + ":";
    char[] a1 = new char[prefix.length() + password.length];
    prefix.getChars(0, prefix.length(), a1, 0);
    System.arraycopy(password, 0, a1, prefix.length(), password.length);
    byte[] bytes = new byte[0];
    try {
      bytes = encode(a1, in.charset(), in.user());
      return in.algorithm().hex(bytes);
    } finally {
      Arrays.fill(a1, '\0');
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static String sessionHa1(DigestInput in, String baseHa1) throws ProxyAuthException {
    return in.algorithm().session()
        ? in.algorithm().hex(octets(baseHa1 + ":" + in.nonce() + ":" + in.cnonce(), "the nonce"))
        : baseHa1;
  }

  /** Wire values (nonce, method, target) are octets: each character must fit one byte. */
  private static byte[] octets(String value, String what) throws ProxyAuthException {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0xFF) {
        throw new ProxyAuthException("Digest cannot hash " + what + ": it has character U+"
            + String.format("%04X", (int) value.charAt(i)) + ", outside ISO-8859-1");
      }
    }
    return value.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] encode(char[] chars, Charset charset, String user)
      throws ProxyAuthException {
    try {
      ByteBuffer buffer = charset.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(chars));
      byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
      Arrays.fill(buffer.array(), (byte) 0);
      return bytes;
    } catch (CharacterCodingException e) {
      String fix = charset.equals(StandardCharsets.UTF_8)
          ? "are not valid Unicode (an unpaired surrogate)"
          : "contain characters that ISO-8859-1 cannot encode, and the proxy did not offer"
              + " charset=UTF-8 (RFC 7616 §3.3): use ISO-8859-1 credentials or a proxy that"
              + " accepts UTF-8";
      throw new ProxyAuthException("Digest credentials of user '" + user
          + "' (user name, realm or password) " + fix);
    }
  }
}
