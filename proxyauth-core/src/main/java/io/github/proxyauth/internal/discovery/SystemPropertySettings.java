package io.github.proxyauth.internal.discovery;

import io.github.proxyauth.Credentials;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JDK's proxy properties: {@code http.proxyHost}/{@code http.proxyPort} (default 80) for
 * {@code http} targets, {@code https.proxyHost}/{@code https.proxyPort} (default 443) for
 * {@code https} targets, {@code http.nonProxyHosts} for both (as in the JDK). Credentials come from
 * {@code http.proxyUser}/{@code http.proxyPassword} and the {@code https.} forms (a convention of
 * Apache HttpClient 4 and others; the JDK ignores them) and belong to that scheme's proxy only.
 * The legacy {@code proxyHost} and the SOCKS properties are not read.
 */
public final class SystemPropertySettings {
  private final Function<String, @Nullable String> properties;
  private final Memo<NonProxyHosts> nonProxyHosts = new Memo<>();

  /** Returns settings read through {@code properties}; nothing is read until asked. */
  public SystemPropertySettings(Function<String, @Nullable String> properties) {
    this.properties = properties;
  }

  /**
   * Returns the proxy for targets of {@code scheme}, with its credentials, or empty.
   *
   * @throws IllegalArgumentException when the host or port property is malformed
   */
  public Optional<ProxyUrl> proxyFor(String scheme) {
    String prefix = scheme.equals("https") ? "https." : "http.";
    Optional<String> host = get(prefix + "proxyHost").map(String::strip);
    if (host.isEmpty()) {
      return Optional.empty();
    }
    String origin = "system property " + prefix + "proxyHost";
    int port = get(prefix + "proxyPort")
        .map(p -> ProxyUrl.port(p.strip(), "system property " + prefix + "proxyPort"))
        .orElse(scheme.equals("https") ? 443 : 80);
    String bare = IpAddresses.bare(host.get());
    String authority = bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare;
    ProxyUrl url = ProxyUrl.parse("http://" + authority + ":" + port, origin);
    return Optional.of(new ProxyUrl(url.host(), url.port(), credentials(prefix), origin));
  }

  private Optional<Credentials> credentials(String prefix) {
    Optional<String> user = get(prefix + "proxyUser");
    if (user.isEmpty()) {
      return Optional.empty();
    }
    char[] password = get(prefix + "proxyPassword").orElse("").toCharArray();
    try {
      return Optional.of(Credentials.of(user.get(), password)
          .withSource("system property " + prefix + "proxyUser"));
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  /** Returns the exemptions, with the JDK's defaults. */
  public NonProxyHosts nonProxyHosts() {
    Optional<String> value = Optional.ofNullable(properties.apply("http.nonProxyHosts"));
    return nonProxyHosts.get(value.map(v -> "=" + v).orElse("unset"),
        raw -> NonProxyHosts.of(value));
  }

  /** Checks the properties that any target could use, so bad values fail at start-up. */
  public void validate() {
    proxyFor("http");
    proxyFor("https");
  }

  private Optional<String> get(String name) {
    return Optional.ofNullable(properties.apply(name)).filter(v -> !v.isBlank());
  }
}
