package io.github.proxyauth.cli;

import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.discovery.Route;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code proxyauth fetch}: GETs a URL through the proxy with OkHttp or java.net.http. */
final class Fetch {
  private final Terminal terminal;
  private final Env env;

  Fetch(Terminal terminal, Env env) {
    this.terminal = terminal;
    this.env = env;
  }

  int run(CommandLine line) throws UsageException {
    if (line.help()) {
      terminal.out().print(Usage.FETCH);
      return ExitCodes.OK;
    }
    URI uri = Urls.parse(line.url().orElseThrow(), "fetch");
    Setup setup;
    Tls tls;
    Route route;
    try {
      setup = Setup.from(line, env, w -> Text.wrap(terminal.err(), "proxyauth: warning: ", w));
      tls = Tls.from(line);
      route = Urls.route(setup.discovery(), uri);
      if (route.failed()) {
        throw new ConfigException(route.explanation());
      }
    } catch (ConfigException e) {
      return failed(line, line.client(), uri, new Failure(Optional.of(
          io.github.proxyauth.preflight.PreflightReport.Outcome.CONFIGURATION_ERROR), e.getMessage()),
          Optional.empty(), List.of());
    }
    Optional<Verbose> verbose = line.flag("--verbose")
        ? Optional.of(new Verbose(terminal.err())) : Optional.empty();
    verbose.ifPresent(v -> v.line("* route: " + route.explanation()));
    return fetch(line, uri, setup, tls, route, verbose);
  }

  private int fetch(CommandLine line, URI uri, Setup setup, Tls tls, Route route,
      Optional<Verbose> verbose) {
    List<Transfer.Response> results = new ArrayList<>();
    String client = client(line, route);
    try (Transfer transfer = Transfer.open(client, setup.engine(),
        setup.discovery(), tls, setup.proxyTls(), verbose, line.handshakeTimeout())) {
      try {
        for (int i = 0; i < line.repeat(); i++) {
          Transfer.Response response = transfer.get(uri);
          results.add(response);
          if (!line.flag("--json")) {
            terminal.out().write(response.body());
            terminal.out().flush();
          }
        }
      } catch (IOException | RuntimeException e) {
        return failed(line, client, uri, Failure.of(e, !route.direct()),
            Optional.of(transfer.counts()),
            results);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(line, client, uri, Failure.of(e, false), Optional.of(transfer.counts()),
            results);
      }
      verbose.ifPresent(v -> v.line("* " + summary(transfer.counts(), results)));
      if (line.flag("--json")) {
        terminal.out().println(Json.write(json(client, uri, transfer.counts(), results,
            Optional.empty())));
      }
      return ExitCodes.OK;
    }
  }

  /** Returns the client: an https proxy needs the relay's TLS, so jdk unless --client says. */
  private static String client(CommandLine line, Route route) {
    boolean tlsHop = route.proxies().stream().anyMatch(p -> p instanceof HttpsProxy);
    return tlsHop && line.value("--client").isEmpty() ? "jdk" : line.client();
  }

  private int failed(CommandLine line, String client, URI uri, Failure failure,
      Optional<Transfer.Counts> counts, List<Transfer.Response> results) {
    if (line.flag("--json")) {
      terminal.out().println(Json.write(json(client, uri, counts.orElse(
          new Transfer.Counts(0, 0, 0, Optional.empty(), Optional.empty())), results,
          Optional.of(failure))));
    } else {
      terminal.err().println(terminal.red("proxyauth: fetch " + Urls.display(uri) + " failed ("
          + failure.name() + ")"));
      terminal.err().println(failure.message());
    }
    return failure.exitCode();
  }

  private static String summary(Transfer.Counts counts, List<Transfer.Response> results) {
    return results.size() + " response(s), last status " + results.get(results.size() - 1)
        .status() + "; scheme " + counts.scheme().orElse("none") + "; " + counts.attempts()
        + " Proxy-Authorization value(s) sent; " + counts.proxyRequests() + " proxy request(s)"
        + counts.proxyConnections().map(c -> " on " + c + " connection(s)").orElse("");
  }

  private static Map<String, Object> json(String client, URI uri, Transfer.Counts counts,
      List<Transfer.Response> results, Optional<Failure> failure) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("url", Urls.display(uri));
    out.put("client", client);
    out.put("ok", failure.isEmpty());
    out.put("outcome", failure.map(Failure::name).orElse("OK"));
    out.put("exitCode", failure.map(Failure::exitCode).orElse(ExitCodes.OK));
    out.put("status", results.isEmpty() ? Optional.empty()
        : Optional.of(results.get(results.size() - 1).status()));
    out.put("scheme", counts.scheme());
    out.put("attempts", counts.attempts());
    out.put("challenges", counts.challenges());
    out.put("proxyRequests", counts.proxyRequests());
    out.put("proxyConnections", counts.proxyConnections());
    out.put("results", results.stream().map(r -> Map.of("status", r.status(),
        "bytes", r.body().length)).toList());
    out.put("error", failure.map(Failure::message));
    return out;
  }
}
