package io.github.proxyauth.internal.discovery;

import io.github.proxyauth.Credentials;
import java.io.ByteArrayOutputStream;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy parsed from {@code [http://][user[:password]@]host[:port][/]}, the form of the
 * {@code *_proxy} variables. Scheme-less means {@code http}; without a port it is 1080, as curl
 * reads these variables (Go and Python use the URL default, 80; the variables are curl's
 * convention, so curl's reading wins). {@code https://} (TLS to the proxy, default port 443 as
 * in curl) only where the caller allows it, else refused like {@code socks*://}. Error messages
 * never repeat the userinfo or anything that may be part of it.
 *
 * @param host the proxy host, lower-cased, IPv6 without brackets
 * @param port the proxy port
 * @param credentials the percent-decoded userinfo, with {@code origin} as source
 * @param origin where the URL came from ("HTTPS_PROXY", "explicit proxy")
 * @param tls true for an {@code https://} proxy, spoken to over TLS
 */
public record ProxyUrl(String host, int port, Optional<Credentials> credentials, String origin,
    boolean tls) {
  static final String FORM = "[http://][user[:password]@]host[:port]";
  /** curl's default proxy port, used when the URL has none. */
  static final int DEFAULT_PORT = 1080;
  /** The default port of an {@code https://} proxy (curl's too). */
  static final int DEFAULT_TLS_PORT = 443;

  public ProxyUrl {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(origin, "origin");
    host = host.toLowerCase(Locale.ROOT);
  }

  /** Returns a plain (not TLS) proxy. */
  public ProxyUrl(String host, int port, Optional<Credentials> credentials, String origin) {
    this(host, port, credentials, origin, false);
  }

  /** Returns {@code host:port}, IPv6 in brackets. */
  public String authority() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  /** Returns true when a scope for {@code scopeHost:scopePort} is this proxy. */
  public boolean isProxy(String scopeHost, int scopePort) {
    return host.equals(IpAddresses.bare(scopeHost.toLowerCase(Locale.ROOT))) && port == scopePort;
  }

  /**
   * Returns the proxy that {@code value} names; {@code https://} is refused.
   *
   * @throws IllegalArgumentException saying what was expected and seen, without the userinfo
   */
  public static ProxyUrl parse(String value, String origin) {
    return parse(value, origin, false);
  }

  /**
   * Returns the proxy that {@code value} names, an {@code https://} one too when {@code allowTls}.
   *
   * @throws IllegalArgumentException saying what was expected and seen, without the userinfo
   */
  public static ProxyUrl parse(String value, String origin, boolean allowTls) {
    String rest = value.strip();
    if (rest.isEmpty()) {
      throw error(origin, "an empty value");
    }
    int schemeEnd = rest.indexOf("://");
    boolean tls = false;
    if (schemeEnd >= 0) {
      tls = checkScheme(rest.substring(0, schemeEnd).toLowerCase(Locale.ROOT), origin, allowTls);
      rest = rest.substring(schemeEnd + 3);
    }
    int end = firstOf(rest, "/?#");
    if (end < rest.length() && !rest.substring(end).equals("/")) {
      throw error(origin, "a path, query or fragment after the authority (only '/' is allowed)");
    }
    String authority = rest.substring(0, end);
    int at = authority.lastIndexOf('@');
    Optional<Credentials> credentials = at < 0 ? Optional.empty()
        : Optional.of(userinfo(authority.substring(0, at), origin));
    return hostPort(authority.substring(at + 1), credentials, origin, tls);
  }

  /** Returns whether {@code scheme} is https (allowed), false for http; refuses the rest. */
  private static boolean checkScheme(String scheme, String origin, boolean allowTls) {
    if (scheme.equals("http")) {
      return false;
    }
    if (scheme.equals("https")) {
      if (allowTls) {
        return true;
      }
      throw tlsRefused(origin);
    }
    String shown = scheme.matches("[a-z][a-z0-9+.-]{0,15}") ? "'" + scheme + "'" : "a malformed scheme";
    String why = scheme.startsWith("socks")
        ? " (SOCKS proxies are not supported: proxyauth authenticates HTTP proxies)" : "";
    throw error(origin, "scheme " + shown + why);
  }

  /** Returns the refusal of an {@code https://} proxy URL from {@code origin}. */
  public static IllegalArgumentException tlsRefused(String origin) {
    return error(origin, "scheme 'https' (TLS to the proxy is off: turn it on with"
        + " ProxyDiscovery.Builder.tlsProxies(true) for a client that speaks TLS to proxies, or"
        + " use http:// — CONNECT tunnels still protect https targets)");
  }

  private static ProxyUrl hostPort(String text, Optional<Credentials> credentials, String origin,
      boolean tls) {
    String host;
    String portText;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw error(origin, "'[' without a closing ']' around an IPv6 literal");
      }
      host = text.substring(1, close);
      if (IpAddresses.parse(host).filter(b -> b.length == 16).isEmpty()) {
        throw error(origin, "'[" + host + "]', which is not an IPv6 literal");
      }
      String after = text.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw error(origin, "characters after ']' other than ':port'");
      }
      portText = after.isEmpty() ? null : after.substring(1);
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        throw error(origin, "several ':' in the host (write an IPv6 literal in brackets: [::1]:3128)");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      portText = colon < 0 ? null : text.substring(colon + 1);
      checkHostName(host, origin);
    }
    int port = portText == null ? (tls ? DEFAULT_TLS_PORT : DEFAULT_PORT) : port(portText, origin);
    return new ProxyUrl(host, port, credentials.map(c -> c.withSource(origin)), origin, tls);
  }

  private static void checkHostName(String host, String origin) {
    if (host.isEmpty()) {
      throw error(origin, "no host");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
        throw error(origin, "character '" + printable(c) + "' at index " + i + " of the host");
      }
    }
  }

  /** Returns the port in {@code text}; echoes the text only when it is all digits (never a secret). */
  static int port(String text, String origin) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      String seen = text.isEmpty() ? "nothing" : text.chars().allMatch(Character::isDigit)
          ? "'" + text + "'" : "a non-digit character";
      throw new IllegalArgumentException("Malformed proxy in " + origin
          + ": expected a port number 1..65535 after ':' but saw " + seen);
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Malformed proxy in " + origin
          + ": expected a port number 1..65535 but saw " + port);
    }
    return port;
  }

  private static Credentials userinfo(String userinfo, String origin) {
    int colon = userinfo.indexOf(':');
    String user = new String(decodeChars(colon < 0 ? userinfo : userinfo.substring(0, colon), origin));
    if (user.isEmpty()) {
      throw error(origin, "userinfo with an empty user name");
    }
    char[] password = decodeChars(colon < 0 ? "" : userinfo.substring(colon + 1), origin);
    try {
      return Credentials.of(user, password);
    } catch (IllegalArgumentException e) {
      throw error(origin, "a user name with a control character");
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  /** Returns {@code text} percent-decoded as UTF-8; the error never repeats the text. */
  static char[] decodeChars(String text, String origin) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        continue;
      }
      int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (lo < 0) {
        throw error(origin, "a '%' not followed by two hex digits in the userinfo");
      }
      bytes.write(hi * 16 + lo);
      i += 2;
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
      char[] out = new char[chars.remaining()];
      chars.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw error(origin, "percent-encoded bytes in the userinfo that are not UTF-8");
    }
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }

  private static IllegalArgumentException error(String origin, String seen) {
    return new IllegalArgumentException(
        "Malformed proxy URL in " + origin + ": expected " + FORM + " but saw " + seen);
  }
}
