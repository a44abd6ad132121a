package io.github.proxyauth.internal.discovery;

import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code *_proxy} variables read with curl's precedence: for {@code http} targets
 * {@code http_proxy} only (upper-case {@code HTTP_PROXY} is ignored: in CGI programs it can be set
 * by a request's {@code Proxy:} header, the "httpoxy" attack); for {@code https} targets
 * {@code https_proxy}, then {@code HTTPS_PROXY}; then {@code all_proxy}, then {@code ALL_PROXY};
 * exemptions from {@code no_proxy}, then {@code NO_PROXY}. Lower case wins; an empty value counts
 * as unset (curl's {@code curl_getenv}). {@code https://} proxy URLs only where allowed.
 */
public final class EnvironmentSettings {
  private final Function<String, @Nullable String> env;
  private final boolean allowTls;
  private final Memo<ProxyUrl> httpProxy = new Memo<>();
  private final Memo<ProxyUrl> httpsProxy = new Memo<>();
  private final Memo<NoProxy> noProxy = new Memo<>();

  /** Returns settings read through {@code env}, refusing https proxies; nothing is read until asked. */
  public EnvironmentSettings(Function<String, @Nullable String> env) {
    this(env, false);
  }

  /** Returns settings read through {@code env}, with https proxies when {@code allowTls}. */
  public EnvironmentSettings(Function<String, @Nullable String> env, boolean allowTls) {
    this.env = env;
    this.allowTls = allowTls;
  }

  /**
   * Returns the proxy for targets of {@code scheme} ({@code http} or {@code https}), or empty.
   *
   * @throws IllegalArgumentException when the variable that applies is malformed
   */
  public Optional<ProxyUrl> proxyFor(String scheme) {
    Optional<String> name = scheme.equals("https")
        ? first("https_proxy", "HTTPS_PROXY") : first("http_proxy");
    if (name.isEmpty()) {
      name = first("all_proxy", "ALL_PROXY");
    }
    Memo<ProxyUrl> memo = scheme.equals("https") ? httpsProxy : httpProxy;
    return name.map(n -> memo.get(n + "=" + get(n).orElseThrow(),
        raw -> ProxyUrl.parse(raw.substring(n.length() + 1), n, allowTls)));
  }

  /** Returns the names of the variables consulted for {@code scheme}, for explanations. */
  public static String consulted(String scheme) {
    return (scheme.equals("https") ? "https_proxy, HTTPS_PROXY" : "http_proxy") + ", all_proxy, ALL_PROXY";
  }

  /** Returns true when {@code HTTP_PROXY} is set but ignored because {@code http_proxy} is not. */
  public boolean ignoresUpperCaseHttpProxy() {
    return get("HTTP_PROXY").isPresent() && get("http_proxy").isEmpty();
  }

  /**
   * Returns the exemption list, or empty when neither variable is set.
   *
   * @throws IllegalArgumentException when the list is malformed
   */
  public Optional<NoProxy> noProxy() {
    return first("no_proxy", "NO_PROXY").map(n -> noProxy.get(n + "=" + get(n).orElseThrow(),
        raw -> NoProxy.parse(raw.substring(n.length() + 1), n)));
  }

  /** Checks every variable that any target could use, so bad values fail at start-up. */
  public void validate() {
    proxyFor("http");
    proxyFor("https");
    noProxy();
  }

  private Optional<String> first(String... names) {
    for (String name : names) {
      if (get(name).isPresent()) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private Optional<String> get(String name) {
    return Optional.ofNullable(env.apply(name)).filter(v -> !v.isEmpty());
  }
}
