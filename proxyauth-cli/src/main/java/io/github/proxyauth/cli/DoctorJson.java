package io.github.proxyauth.cli;

import io.github.proxyauth.discovery.Route;
import io.github.proxyauth.preflight.PreflightReport;
import io.github.proxyauth.preflight.PreflightReport.Step;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code doctor --json} document, version {@value #SCHEMA_VERSION}; its schema is in
 * {@code docs/doctor-json.md}. Add fields freely; renaming or removing one, or changing its
 * meaning, bumps the version.
 */
final class DoctorJson {
  static final int SCHEMA_VERSION = 1;

  private DoctorJson() {}

  static Map<String, Object> of(PreflightReport report, Optional<Route> route, Duration total) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schemaVersion", SCHEMA_VERSION);
    out.put("target", Urls.display(report.target()));
    out.put("ok", report.ok());
    out.put("outcome", report.outcome().name());
    out.put("exitCode", report.outcome().exitCode());
    out.put("scheme", report.scheme());
    out.put("route", route.map(DoctorJson::route));
    out.put("totalMillis", total.toMillis());
    out.put("steps", report.steps().stream().map(DoctorJson::step).toList());
    return out;
  }

  /** Returns the route as data: source, proxies, explanation, failure. */
  static Map<String, Object> route(Route route) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("source", route.source().name());
    out.put("proxies", route.proxies().stream().map(DoctorJson::proxy).toList());
    out.put("explanation", route.explanation());
    out.put("failure", route.failure());
    return out;
  }

  private static Map<String, Object> proxy(Proxy proxy) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", proxy.type().name());
    if (proxy.address() instanceof InetSocketAddress address) {
      out.put("host", address.getHostString());
      out.put("port", address.getPort());
    }
    return out;
  }

  private static Map<String, Object> step(Step step) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", step.name());
    out.put("status", step.status().name());
    out.put("millis", step.took().toMillis());
    out.put("detail", step.detail());
    out.put("fix", step.fix());
    return out;
  }
}
