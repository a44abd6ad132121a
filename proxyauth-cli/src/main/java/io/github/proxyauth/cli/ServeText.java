package io.github.proxyauth.cli;

import io.github.proxyauth.discovery.Route;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The parts of {@code serve}'s start-up and reload lines; never a secret. */
final class ServeText {
  private ServeText() {}

  /** Returns where the first health URL goes and which source decided it. */
  static String route(ServeSettings settings) {
    URI probe = settings.healthUrls().get(0);
    try {
      Route route = settings.discovery().explain(probe);
      String hops = route.proxies().isEmpty() ? "nowhere" : route.proxies().stream()
          .map(ServeText::hop).collect(Collectors.joining(", then "));
      return "route: " + route.target() + " via " + hops + " (" + route.source()
          + route.failure().map(f -> ", FAILED: " + f).orElse("") + ")";
    } catch (IllegalArgumentException e) {
      return "route: cannot route " + Urls.display(probe) + ": " + e.getMessage();
    }
  }

  /** Returns the schemes the engine may use and where its credentials come from. */
  static String schemes(ServeSettings settings) {
    CommandLine line = settings.line();
    String schemes = line.scheme().equals("any") ? "negotiate, ntlm, digest, basic"
        : line.scheme();
    List<String> sources = new ArrayList<>();
    line.value("--user").ifPresent(u -> sources.add("--user " + u));
    line.value("--credentials-file").ifPresent(f -> sources.add("--credentials-file " + f));
    sources.add("proxy URL, environment and properties userinfo");
    String kerberos = line.value("--keytab").map(k -> "keytab " + k)
        .or(() -> line.value("--ccache").map(c -> "ticket cache " + c))
        .or(() -> line.value("--principal").map(p -> "principal " + p + " with the password"))
        .orElse("KRB5CCNAME or the default ticket cache");
    return "schemes: " + schemes + " (credentials: " + String.join(", ", sources)
        + "; Kerberos: " + kerberos + ")";
  }

  private static String hop(Proxy proxy) {
    return proxy.address() instanceof InetSocketAddress address
        ? "proxy " + address.getHostString() + ":" + address.getPort() : "DIRECT";
  }
}
