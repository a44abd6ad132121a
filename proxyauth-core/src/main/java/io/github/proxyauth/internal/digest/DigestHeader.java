package io.github.proxyauth.internal.digest;

import io.github.proxyauth.ProxyAuthException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Formats the {@code Proxy-Authorization} value of RFC 7616 §3.4 from computed parts. */
final class DigestHeader {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final StringBuilder out = new StringBuilder("Digest ");

  private DigestHeader() {}

  /**
   * Returns the header value. The user goes into {@code username}, or into {@code username*}
   * (RFC 8187) when it is not printable ASCII; with {@code userhash} it is already a hex hash.
   */
  static String format(DigestChallenge challenge, DigestInput in, String username,
      String response) throws ProxyAuthException {
    DigestHeader h = new DigestHeader();
    if (challenge.userhash() || printableAscii(username)) {
      h.quoted("username", username);
    } else {
      h.plain("username*", "UTF-8''" + percentEncode(username));
    }
    h.quoted("realm", in.realm());
    h.quoted("uri", in.uri());
    challenge.algorithmOffered().ifPresent(a -> h.plain("algorithm", in.algorithm().token()));
    h.quoted("nonce", in.nonce());
    if (in.qop().isPresent()) {
      h.plain("nc", in.nc());
      h.quoted("cnonce", in.cnonce());
      h.plain("qop", in.qop().get());
    }
    h.quoted("response", response);
    Optional<String> opaque = challenge.opaque();
    if (opaque.isPresent()) {
      h.quoted("opaque", opaque.get());
    }
    if (challenge.userhash()) {
      h.plain("userhash", "true");
    }
    return h.check();
  }

  private void plain(String name, String value) {
    separate();
    out.append(name).append('=').append(value);
  }

  private void quoted(String name, String value) {
    separate();
    out.append(name).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  private void separate() {
    if (out.length() > "Digest ".length()) {
      out.append(", ");
    }
  }

  /** A value with CR, LF or another control would split or corrupt the request's headers. */
  private String check() throws ProxyAuthException {
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
        throw new ProxyAuthException("Digest header would contain character U+"
            + String.format("%04X", (int) c) + " at index " + i
            + " (from the request-target, user or challenge); refusing to send it");
      }
    }
    return out.toString();
  }

  private static boolean printableAscii(String s) {
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
  }

  /** RFC 8187 §3.2.1: attr-char stays, everything else is %XX of its UTF-8 bytes. */
  static String percentEncode(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if (isAttrChar(c)) {
        encoded.append(c);
      } else {
        encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return encoded.toString();
  }

  private static boolean isAttrChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
