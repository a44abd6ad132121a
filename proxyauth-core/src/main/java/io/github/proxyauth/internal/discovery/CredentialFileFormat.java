package io.github.proxyauth.internal.discovery;

import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The credentials file format: UTF-8 text, one proxy per line, {@code host[:port] user password},
 * fields separated by spaces or tabs. Blank lines and lines starting with {@code #} are ignored.
 * User and password are percent-decoded ({@code %20} for a space, {@code %25} for {@code %}); the
 * user may be {@code DOMAIN\name} or {@code user@domain}. IPv6 hosts go in brackets. A line without
 * a port matches every port of its host. The first matching line wins. Errors name the file and
 * line but never a password.
 */
final class CredentialFileFormat {
  /** The largest file accepted, in bytes. */
  public static final int MAX_BYTES = 1 << 20;

  private CredentialFileFormat() {}

  /** One line: the proxy it is for (port -1: any) and its credentials. */
  public record Entry(String host, int port, Credentials credentials) {
    /** Returns true when this line is for the proxy {@code scopeHost:scopePort}. */
    public boolean matches(String scopeHost, int scopePort) {
      return host.equals(IpAddresses.bare(scopeHost.toLowerCase(Locale.ROOT)))
          && (port < 0 || port == scopePort);
    }
  }

  /**
   * Returns the entries of {@code text}, each with the source "file NAME:line N".
   *
   * @throws ProxyAuthException naming the line, when a line is malformed
   */
  public static List<Entry> parse(String text, String name) throws ProxyAuthException {
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        entries.add(entry(line, "file " + name + ":line " + (i + 1)));
      }
    }
    return entries;
  }

  private static Entry entry(String line, String where) throws ProxyAuthException {
    String[] fields = line.split("[ \t]+");
    if (fields.length != 3) {
      throw new ProxyAuthException("Malformed credentials " + where
          + ": expected 3 fields 'host[:port] user password' but saw " + fields.length
          + (fields.length > 3 ? " (percent-encode spaces in a password as %20)" : ""));
    }
    if (fields[0].matches(".*[@/?#].*")) {
      throw new ProxyAuthException("Malformed credentials " + where
          + ": expected host[:port] in the first field but saw '@', '/', '?' or '#' in it");
    }
    char[] password = new char[0];
    try {
      ProxyUrl proxy = ProxyUrl.parse("http://" + fields[0], where);
      boolean hasPort = fields[0].lastIndexOf(':') > fields[0].lastIndexOf(']');
      String user = new String(ProxyUrl.decodeChars(fields[1], where));
      password = ProxyUrl.decodeChars(fields[2], where);
      Credentials credentials = Credentials.of(user, password).withSource(where);
      return new Entry(proxy.host(), hasPort ? proxy.port() : -1, credentials);
    } catch (IllegalArgumentException e) {
      throw new ProxyAuthException("Malformed credentials " + where + ": " + e.getMessage());
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }
}
