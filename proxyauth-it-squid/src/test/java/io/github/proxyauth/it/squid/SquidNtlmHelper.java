package io.github.proxyauth.it.squid;

import io.github.proxyauth.testkit.internal.ntlm.AuthenticateMessage;
import io.github.proxyauth.testkit.internal.ntlm.ChallengeMessage;
import io.github.proxyauth.testkit.internal.ntlm.MalformedNtlmException;
import io.github.proxyauth.testkit.internal.ntlm.NegotiateMessage;
import io.github.proxyauth.testkit.internal.ntlm.NtlmVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A stateful Squid NTLM authentication helper that really checks NTLMv2 passwords (Squid's own
 * {@code ntlm_fake_auth} accepts any). Squid runs it as {@code SquidNtlmHelper PASSWORD_FILE
 * DOMAIN}; the file holds {@code user:password} lines. Protocol (one line each way): {@code YR
 * <type1>} gets {@code TT <type2>}; {@code KK <type3>} gets {@code AF <user>}, {@code NA <reason>}
 * or, for a malformed message, {@code BH <reason>}. The NTLM messages and the verification are the
 * test kit's server-side classes, written independently of proxyauth-core. One instance serves one
 * handshake at a time, as Squid reserves a stateful helper per connection. Reasons go to stderr
 * (Squid's cache.log) and never contain a secret.
 */
final class SquidNtlmHelper {
  private static final long FILETIME_EPOCH_OFFSET = 11_644_473_600L;

  private final Map<String, String> users;
  private final String domain;
  private final SecureRandom random = new SecureRandom();
  private Optional<Handshake> handshake = Optional.empty();

  SquidNtlmHelper(Map<String, String> users, String domain) {
    this.users = Map.copyOf(users);
    this.domain = domain;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SquidNtlmHelper PASSWORD_FILE DOMAIN");
      System.exit(2);
    }
    SquidNtlmHelper helper = new SquidNtlmHelper(readUsers(Path.of(args[0])), args[1]);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      out.print(helper.answer(line) + "\n");
      out.flush();
    }
  }

  /** Returns {@code user -> password} from {@code user:password} lines (blank lines skipped). */
  static Map<String, String> readUsers(Path file) throws IOException {
    Map<String, String> users = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        users.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return users;
  }

  /** Returns the reply line for one request line from Squid. */
  String answer(String line) {
    try {
      if (line.startsWith("YR ")) {
        return challenge(decode(line));
      }
      if (line.startsWith("KK ")) {
        return authenticate(decode(line));
      }
      return log("BH expected 'YR <type1>' or 'KK <type3>' but got a line of " + line.length()
          + " characters");
    } catch (MalformedNtlmException | IllegalArgumentException e) {
      handshake = Optional.empty();
      return log("BH " + e.getMessage());
    }
  }

  private String challenge(byte[] type1) throws MalformedNtlmException {
    NegotiateMessage negotiate = NegotiateMessage.parse(type1);
    byte[] serverChallenge = new byte[8];
    random.nextBytes(serverChallenge);
    ChallengeMessage challenge = ChallengeMessage.answer(
        negotiate, domain, "SQUIDLAB", serverChallenge, filetime());
    handshake = Optional.of(new Handshake(type1, challenge));
    return "TT " + Base64.getEncoder().encodeToString(challenge.encode());
  }

  private String authenticate(byte[] type3) throws MalformedNtlmException {
    Optional<Handshake> current = handshake;
    handshake = Optional.empty();
    if (current.isEmpty()) {
      return log("BH Type 3 without a preceding Type 1 on this helper");
    }
    AuthenticateMessage message = AuthenticateMessage.parse(type3);
    if (!message.domain().isEmpty() && !message.domain().equalsIgnoreCase(domain)) {
      return log("NA domain '" + message.domain() + "' is not '" + domain + "'");
    }
    Optional<Map.Entry<String, String>> account = users.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(message.user())).findFirst();
    if (account.isEmpty()) {
      return log("NA unknown user '" + message.user() + "'");
    }
    Optional<String> failure = NtlmVerifier.verify(
        current.get().type1(), current.get().challenge(), message, account.get().getValue());
    return failure.map(reason -> log("NA " + reason))
        .orElseGet(() -> log("AF " + account.get().getKey()));
  }

  private static byte[] decode(String line) {
    return Base64.getDecoder().decode(line.substring(3).trim());
  }

  private static String log(String reply) {
    System.err.println("SquidNtlmHelper: " + reply);
    return reply.replace('\n', ' ');
  }

  private static long filetime() {
    Instant now = Instant.now();
    return (now.getEpochSecond() + FILETIME_EPOCH_OFFSET) * 10_000_000L + now.getNano() / 100;
  }

  private record Handshake(byte[] type1, ChallengeMessage challenge) {}
}
