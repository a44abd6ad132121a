package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real (non-proxyauth) tool as a child process in a clean environment: no inherited
 * variables (so no {@code http_proxy}, {@code no_proxy}, {@code GIT_*}, {@code MAVEN_OPTS} ...),
 * {@code HOME} a fresh directory (so no {@code ~/.curlrc}, {@code ~/.wgetrc}, {@code ~/.gitconfig},
 * {@code ~/.mavenrc}), {@code PATH} the system's, plus the variables the caller names. Output goes
 * to files (no pipe can fill up); the wait is bounded and the process is killed in any case.
 */
final class ToolProcess {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ToolProcess() {}

  /** What a run left: the exit status and both output streams. */
  record Result(int exit, String out, String err) {
    /** Returns stdout and stderr for assertion messages. */
    String transcript() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /**
   * Fails (under {@code -Dproxyauth.squid.required=true}, the it-squid profile) or skips with a
   * message on stderr (otherwise) when {@code executable} is missing, as the Squid lab does for a
   * missing Squid; {@code debianPackage} names what to install.
   */
  static void require(Path executable, String debianPackage) {
    if (Files.isExecutable(executable)) {
      return;
    }
    String message = "No " + executable + ": install " + debianPackage + " (apt-get install -y"
        + " --no-install-recommends " + debianPackage + ") to run the real-client tests";
    if (Boolean.getBoolean("proxyauth.squid.required")) {
      throw new AssertionError(message + " (the it-squid profile requires it)");
    }
    System.err.println("[proxyauth-it-squid] SKIPPED: " + message);
    Assumptions.abort(message);
  }

  /**
   * Returns the result of {@code command} run in {@code dir} with {@code HOME=home} and {@code env}
   * on top of the clean environment.
   *
   * @throws IOException when the tool does not end within {@link #TIMEOUT} (it is killed)
   */
  static Result run(List<String> command, Path dir, Path home, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(home, "tool-", ".out");
    Path err = Files.createTempFile(home, "tool-", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.put("PATH", PATH);
    environment.put("HOME", home.toString());
    environment.put("LANG", "C.UTF-8");
    environment.putAll(env);
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IOException(command.get(0) + " did not end within " + TIMEOUT + "; stderr:\n"
            + text(err));
      }
      return new Result(process.exitValue(), text(out),
          text(err));
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static String text(Path file) throws IOException {
    // Lenient: a tool's progress output need not be valid UTF-8.
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
