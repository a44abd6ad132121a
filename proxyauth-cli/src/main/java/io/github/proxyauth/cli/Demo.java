package io.github.proxyauth.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code proxyauth demo}: every scheme through both clients, over http and https, against the
 * {@link DemoLab}, printed as one table row per scheme and client.
 */
final class Demo {
  static final List<String> CLIENTS = List.of("okhttp", "jdk");
  private final Terminal terminal;

  Demo(Terminal terminal) {
    this.terminal = terminal;
  }

  /** One fetch: its outcome and the requests the proxy received for it. */
  record Cell(boolean ok, int roundTrips, Optional<String> problem) {}

  int run(CommandLine line) {
    if (line.help()) {
      terminal.out().print(Usage.DEMO);
      return ExitCodes.OK;
    }
    long start = System.nanoTime();
    terminal.out().println(terminal.bold("proxyauth demo")
        + ": local test proxies, a local web server, both clients");
    try (DemoLab lab = DemoLab.start()) {
      terminal.out().println();
      terminal.out().println(String.format("  %-10s %-7s %-5s %-5s %s", "scheme", "client",
          "http", "https", "round trips (http + https)"));
      List<String> problems = new ArrayList<>();
      int passed = rows(lab, problems);
      return summary(lab, problems, passed, start);
    } catch (IOException | RuntimeException e) {
      terminal.err().println(terminal.red("proxyauth demo: could not start: " + e));
      return ExitCodes.FAILED;
    }
  }

  private int rows(DemoLab lab, List<String> problems) {
    int passed = 0;
    for (DemoLab.Target target : lab.targets()) {
      for (String client : CLIENTS) {
        List<Cell> cells = fetchBoth(target, client, lab);
        Cell http = cells.get(0);
        Cell https = cells.get(1);
        terminal.out().println(String.format("  %-10s %-7s %s %s %s", target.scheme(), client,
            mark(http), mark(https), http.roundTrips() + " + " + https.roundTrips()));
        for (Cell cell : cells) {
          passed += cell.ok() ? 1 : 0;
          cell.problem().ifPresent(p -> problems.add(target.scheme() + "/" + client + ": " + p));
        }
      }
    }
    lab.negotiateProblem().ifPresent(p -> {
      terminal.out().println(String.format("  %-10s %-7s %s", "negotiate", "both",
          terminal.red("skipped")));
      problems.add("negotiate: " + p);
    });
    return passed;
  }

  /** Fetches the http URL, then the https URL, with one client (so one auth cache). */
  private static List<Cell> fetchBoth(DemoLab.Target target, String client, DemoLab lab) {
    try (Transfer transfer = Transfer.open(client, target.engine(), target.selector(),
        lab.clientTls(), Optional.empty(), Optional.empty(), Transfer.HANDSHAKE_TIMEOUT)) {
      return List.of(fetch(transfer, target, lab.http()), fetch(transfer, target, lab.https()));
    }
  }

  private static Cell fetch(Transfer transfer, DemoLab.Target target, URI uri) {
    int before = target.proxy().requestCount();
    try {
      Transfer.Response response = transfer.get(uri);
      boolean ok = response.status() == 200 && new String(response.body(),
          StandardCharsets.UTF_8).equals(DemoOrigin.GREETING);
      return new Cell(ok, target.proxy().requestCount() - before, ok ? Optional.empty()
          : Optional.of(uri.getScheme() + " answered " + response.status()));
    } catch (IOException | RuntimeException e) {
      return new Cell(false, target.proxy().requestCount() - before, Optional.of(
          uri.getScheme() + ": " + Failure.of(e, true).message().lines().findFirst().orElse("")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Cell(false, 0, Optional.of("interrupted"));
    }
  }

  private String mark(Cell cell) {
    return cell.ok() ? terminal.green("ok   ") : terminal.red("FAIL ");
  }

  private int summary(DemoLab lab, List<String> problems, int passed, long start) {
    int total = passed + (int) problems.stream().filter(p -> !p.startsWith("negotiate: could"))
        .count();
    long millis = (System.nanoTime() - start) / 1_000_000;
    terminal.out().println();
    Text.wrap(terminal.out(), "  ", "round trips: requests the proxy received. Each client"
        + " starts cold, so its http fetch waits for the 407 challenge; its https fetch (a"
        + " CONNECT) then authenticates up front from the auth cache. NTLM needs 3 legs on"
        + " each new connection, 2 when it starts up front.");
    problems.forEach(p -> Text.wrap(terminal.err(), "  " + terminal.red("problem") + " ", p));
    boolean ok = problems.isEmpty();
    String line = passed + "/" + total + " passed in " + millis + " ms";
    terminal.out().println(ok ? terminal.green(line) : terminal.red(line));
    return ok ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
