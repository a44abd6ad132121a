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
 * @param scheme the scheme that authenticated, or empty
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
    /** The configuration is wrong (bad proxy URL, unreadable credentials, malformed PAC). */
    CONFIGURATION_ERROR(6);

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
   * @param name a short name: route, connect, challenge, scheme, authenticate, jvm
   * @param status how it ended
   * @param took how long it took
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
