package io.github.proxyauth.preflight;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a {@link Preflight} check of one route: each step with its timing and outcome, the
 * fix for each failure, and an overall {@link Outcome} that a start-up check or CI job can act on.
 * Never contains a secret.
 *
 * @param target the URL that was checked
 * @param steps the steps in the order they ran
 * @param outcome the overall result
 * @param scheme the scheme chosen to answer the proxy (the one that authenticated when
 *     {@link #ok()}, the one that failed otherwise); empty when no scheme was chosen or needed
 */
public record PreflightReport(URI target, List<Step> steps, Outcome outcome,
    Optional<String> scheme) {

  public PreflightReport {
    Objects.requireNonNull(target, "target");
    steps = List.copyOf(steps);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(scheme, "scheme");
  }

  /** The overall result; each failure class has its own CLI exit code. */
  public enum Outcome {
    /** The route works (authenticated, or no authentication needed). */
    OK(0),
    /** The proxy could not be reached. */
    PROXY_UNREACHABLE(3),
    /** The proxy rejected the credentials or the handshake failed. */
    AUTHENTICATION_FAILED(4),
    /** The proxy offered no scheme that this client can use with its credentials. */
    NO_USABLE_SCHEME(5),
    /**
     * The configuration is wrong (bad proxy URL, unreadable credentials, a PAC script that cannot
     * be loaded, fails or returns nothing usable).
     */
    CONFIGURATION_ERROR(6),
    /**
     * The proxy accepted the credentials (or needed none) but did not get through to the origin:
     * it refused the tunnel or the forwarded request (403), or could not reach the origin (502,
     * 503, 504).
     */
    TUNNEL_FAILED(7),
    /** No proxy is configured for the target: nothing was checked. */
    NO_PROXY_CONFIGURED(8);

    private final int exitCode;

    Outcome(int exitCode) {
      this.exitCode = exitCode;
    }

    /** Returns the process exit code for this outcome: 0 for {@link #OK}. */
    public int exitCode() {
      return exitCode;
    }
  }

  /** How one step ended. */
  public enum Status { OK, WARN, FAIL, SKIPPED }

  /**
   * One step of the check.
   *
   * @param name a name unique within the report: {@code route}, {@code connect},
   *     {@code challenge}, {@code scheme.<name>} for each scheme considered, {@code cleartext},
   *     {@code authenticate}, {@code jvm}; when the route lists several proxies, the per-proxy
   *     steps are prefixed {@code proxy1.}, {@code proxy2.} and so on
   * @param status how it ended
   * @param took how long this step alone took (steps do not overlap: {@code challenge} ends at
   *     the first 407, {@code authenticate} runs from there to the final answer, scheme choices
   *     take no time of their own)
   * @param detail what was found
   * @param fix what to do about a failure or warning; empty when none is needed
   */
  public record Step(String name, Status status, Duration took, String detail,
      Optional<String> fix) {

    public Step {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(took, "took");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(fix, "fix");
    }
  }

  /** Returns true when the route works. */
  public boolean ok() {
    return outcome == Outcome.OK;
  }

  /** Returns the report as text, one line per step, fixes indented below failures. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("Preflight ").append(target).append(": ")
        .append(outcome).append('\n');
    for (Step step : steps) {
      out.append(String.format("  %-5s %-12s %5d ms  %s%n", step.status(), step.name(),
          step.took().toMillis(), step.detail()));
      step.fix().ifPresent(fix -> out.append("        fix: ").append(fix).append('\n'));
    }
    return out.toString();
  }
}
