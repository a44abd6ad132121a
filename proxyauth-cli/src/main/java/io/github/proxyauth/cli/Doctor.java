package io.github.proxyauth.cli;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.Route;
import io.github.proxyauth.preflight.Preflight;
import io.github.proxyauth.preflight.PreflightReport;
import io.github.proxyauth.preflight.PreflightReport.Outcome;
import io.github.proxyauth.preflight.PreflightReport.Status;
import io.github.proxyauth.preflight.PreflightReport.Step;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code proxyauth doctor}: runs {@link Preflight} on one route and prints the report. */
final class Doctor {
  static final String DEFAULT_URL = "https://example.com/";
  private final Terminal terminal;
  private final Env env;

  Doctor(Terminal terminal, Env env) {
    this.terminal = terminal;
    this.env = env;
  }

  int run(CommandLine line) throws UsageException {
    if (line.help()) {
      terminal.out().print(Usage.DOCTOR);
      return ExitCodes.OK;
    }
    URI uri = Urls.parse(line.url().orElse(DEFAULT_URL), "doctor");
    long start = System.nanoTime();
    Setup setup;
    Route route;
    try {
      setup = Setup.from(line, env, w -> Text.wrap(terminal.err(), "proxyauth: warning: ", w));
      route = Urls.route(setup.discovery(), uri);
    } catch (ConfigException e) {
      return configError(line, uri, e.getMessage(), start);
    }
    ProxyAuthenticator engine = line.flag("--verbose")
        ? setup.engine().newBuilder().listener(new Verbose(terminal.err())).build()
        : setup.engine();
    Preflight preflight = Preflight.of(engine, setup.discovery()).withTimeout(line.timeout());
    // An https proxy: TLS as the relay speaks it, trusting --proxy-ca (else the JDK's CAs).
    PreflightReport report = setup.proxyTls().map(preflight::withProxyTls).orElse(preflight)
        .check(uri);
    print(line, report, Optional.of(route), start);
    return report.outcome().exitCode();
  }

  private int configError(CommandLine line, URI uri, String message, long start) {
    Step step = new Step("config", Status.FAIL, Duration.ofNanos(System.nanoTime() - start),
        message, Optional.of("fix the option or variable named above"));
    print(line, new PreflightReport(uri, List.of(step), Outcome.CONFIGURATION_ERROR,
        Optional.empty()), Optional.empty(), start);
    return Outcome.CONFIGURATION_ERROR.exitCode();
  }

  private void print(CommandLine line, PreflightReport report, Optional<Route> route,
      long start) {
    if (line.flag("--json")) {
      terminal.out().println(Json.write(DoctorJson.of(report, route,
          Duration.ofNanos(System.nanoTime() - start))));
      return;
    }
    terminal.out().println(terminal.bold("proxyauth doctor " + Urls.display(report.target())));
    route.ifPresent(r -> Text.wrap(terminal.out(), "  route: ", r.explanation()));
    for (Step step : report.steps()) {
      String mark = switch (step.status()) {
        case OK -> terminal.green("ok  ");
        case WARN -> terminal.yellow("warn");
        case FAIL -> terminal.red("FAIL");
        case SKIPPED -> "skip";
      };
      Text.wrap(terminal.out(), "  " + mark + " " + String.format("%-13s", step.name()),
          step.detail() + " (" + step.took().toMillis() + " ms)");
      step.fix().ifPresent(fix -> Text.wrap(terminal.out(), "       fix: ", fix));
    }
    String result = report.outcome() + " (exit " + report.outcome().exitCode() + ")";
    terminal.out().println("result: " + (report.ok() ? terminal.green(result)
        : terminal.red(result)));
  }
}
