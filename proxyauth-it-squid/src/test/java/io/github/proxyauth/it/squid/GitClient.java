package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * git cloning over the dumb HTTP protocol ({@code git update-server-info}, static files served by
 * the origin) through {@code http.proxy}, with no system or global configuration, no credential
 * helper and no prompt; {@code GIT_TRACE_CURL} shows every response head, CONNECT's too.
 */
final class GitClient {
  static final Path GIT = Path.of("/usr/bin/git");
  static final String README = "hello from git through the local proxy\n";
  private static final Pattern RECV_STATUS = Pattern.compile(
      "<= Recv header: HTTP/1\\.[01] (\\d{3})");

  private GitClient() {}

  /** Returns {@code repo.git} under the origin's root, made once: one commit of README.txt. */
  static synchronized Path bareRepository(Path root) throws IOException, InterruptedException {
    Path bare = root.resolve("repo.git");
    if (Files.exists(bare.resolve("info/refs"))) {
      return bare;
    }
    Path work = Files.createDirectories(root.resolveSibling("git-work"));
    Path home = Files.createDirectories(root.resolveSibling("git-home"));
    Files.writeString(work.resolve("README.txt"), README);
    git(work, home, "init", "-q", "-b", "main", ".");
    git(work, home, "add", "README.txt");
    git(work, home, "-c", "user.name=lab", "-c", "user.email=lab@example.invalid",
        "commit", "-q", "-m", "first");
    git(root, home, "clone", "-q", "--bare", work.toString(), bare.toString());
    git(bare, home, "update-server-info");
    return bare;
  }

  /** Clones {@code /repo.git} of the trip's origin; the body is the clone's README.txt. */
  static ClientOutcome cloneRepository(ClientTrip trip) throws IOException, InterruptedException {
    bareRepository(trip.origins().root());
    Path trace = trip.work().resolve("git.trace");
    Path clone = trip.work().resolve("clone");
    ToolProcess.Result result = ToolProcess.run(List.of(GIT.toString(),
        "-c", "http.proxy=" + trip.proxyUrl(), "-c", "http.sslCAInfo=" + trip.caPem(),
        "-c", "credential.helper=", "clone", "-q", trip.url("/repo.git"), clone.toString()),
        trip.work(), trip.home(), Map.of("GIT_CONFIG_NOSYSTEM", "1", "GIT_TERMINAL_PROMPT", "0",
            "GIT_TRACE_CURL", trace.toString(), "GIT_TRACE_CURL_NO_DATA", "1"));
    String traced = CommandLineClients.readIfThere(trace);
    return new ClientOutcome(result.exit() == 0, ClientOutcome.firstStatus(RECV_STATUS, traced),
        CommandLineClients.readIfThere(clone.resolve("README.txt")),
        ClientOutcome.diagnosisIn(traced), result.transcript() + "\n--- trace\n" + traced);
  }

  private static void git(Path dir, Path home, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(GIT.toString()));
    command.addAll(List.of(args));
    ToolProcess.Result result = ToolProcess.run(command, dir, home,
        Map.of("GIT_CONFIG_NOSYSTEM", "1"));
    if (result.exit() != 0) {
      throw new IOException("Expected " + command + " to succeed while making the test"
          + " repository but got " + result.transcript());
    }
  }
}
