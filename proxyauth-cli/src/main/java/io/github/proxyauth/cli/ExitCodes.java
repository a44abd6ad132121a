package io.github.proxyauth.cli;

import io.github.proxyauth.preflight.PreflightReport.Outcome;
/** The process exit codes; the failure classes reuse {@link Outcome#exitCode()}. */
final class ExitCodes {
  static final int OK = 0;
  /** The request failed for a reason other than the proxy (origin, TLS, timeout). */
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = Outcome.PROXY_UNREACHABLE.exitCode();
  static final int AUTH_FAILED = Outcome.AUTHENTICATION_FAILED.exitCode();
  static final int NO_SCHEME = Outcome.NO_USABLE_SCHEME.exitCode();
  static final int CONFIG = Outcome.CONFIGURATION_ERROR.exitCode();
  static final int TUNNEL_FAILED = Outcome.TUNNEL_FAILED.exitCode();
  static final int NO_PROXY = Outcome.NO_PROXY_CONFIGURED.exitCode();

  private ExitCodes() {}
}
