package io.github.proxyauth.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Returns, from {@link #run(String[], PrintStream, PrintStream)}, the exit code of one
 * {@code proxyauth} command: {@code fetch} (a request through the proxy, like curl), {@code doctor}
 * (a preflight of the route), {@code demo} (every scheme through both adapters against local
 * test proxies) or {@code serve} (a local proxy for every tool, until SIGTERM).
 * {@code proxyauth --help} lists the options.
 *
 * <p>Exit codes: 0 success, 1 the request failed for another reason, 2 usage error, 3 proxy
 * unreachable, 4 authentication failed, 5 no usable scheme, 6 configuration error, 7 tunnel
 * failed after authentication, 8 no proxy configured (3 to 8 are {@code PreflightReport.Outcome}
 * codes). No output ever contains a password or a
 * {@code Proxy-Authorization} value.
 */
public final class Main {
  private Main() {}

  /** Runs the command in {@code args} and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Returns the exit code of the command in {@code args}, printing its output to {@code out} and
   * its diagnostics to {@code err}. Reads the process environment and system properties.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System::getenv, System::getProperty,
        System.console() != null);
  }

  /** Returns the exit code, with the environment and system properties read through lookups. */
  static int run(String[] args, PrintStream out, PrintStream err,
      Function<String, @Nullable String> environment,
      Function<String, @Nullable String> properties, boolean tty) {
    return run(args, out, err, environment, properties, tty, Signals.process());
  }

  /** Returns the exit code, {@code serve} stopping and reloading on {@code signals}. */
  static int run(String[] args, PrintStream out, PrintStream err,
      Function<String, @Nullable String> environment,
      Function<String, @Nullable String> properties, boolean tty, Signals signals) {
    Terminal terminal = new Terminal(out, err, tty && environment.apply("NO_COLOR") == null);
    Env env = new Env(environment, properties);
    if (args.length == 0 || isHelp(args[0])) {
      out.print(Usage.MAIN);
      return args.length == 0 ? ExitCodes.USAGE : ExitCodes.OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (args[0]) {
        case "fetch" -> new Fetch(terminal, env).run(CommandLine.parse(Command.FETCH, rest));
        case "doctor" -> new Doctor(terminal, env).run(CommandLine.parse(Command.DOCTOR, rest));
        case "demo" -> new Demo(terminal).run(CommandLine.parse(Command.DEMO, rest));
        case "serve" -> new Serve(terminal, env, signals)
            .run(CommandLine.parse(Command.SERVE, rest));
        default -> throw new UsageException("expected a command (fetch, doctor, demo, serve) but"
            + " saw '"
            + args[0] + "'", "");
      };
    } catch (UsageException e) {
      Text.wrap(err, "proxyauth: ", e.getMessage());
      err.println("Run 'proxyauth " + (e.command().isEmpty() ? "" : e.command() + " ")
          + "--help' for usage.");
      return ExitCodes.USAGE;
    }
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }
}
