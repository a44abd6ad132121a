package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.internal.ntlm.AuthenticateMessage;
import io.github.proxyauth.testkit.internal.ntlm.ChallengeMessage;
import io.github.proxyauth.testkit.internal.ntlm.MalformedNtlmException;
import io.github.proxyauth.testkit.internal.ntlm.NegotiateMessage;
import io.github.proxyauth.testkit.internal.ntlm.NtlmVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Server-side NTLM (MS-NLMP): answers a Type 1 with a Type 2 and checks the Type 3 of the same
 * connection, NTLMv2 only, with the MIC when the client sends one. Users match the account name
 * case-insensitively; the Type 3 domain must be the configured one (any case) or empty.
 * Thread-safe; the handshake in progress lives in {@link ServerConnection#attributes()}.
 */
public final class NtlmServerScheme implements ServerScheme {
  static final String HANDSHAKE = "ntlm.handshake";
  private static final String COMPUTER = "TESTPROXY";
  private static final long FILETIME_EPOCH_OFFSET = 11_644_473_600L;

  private final UserStore users;
  private final String domain;
  private final Supplier<byte[]> challenges;
  private final Clock clock;

  /** Creates the scheme with random server challenges and the system clock. */
  public NtlmServerScheme(UserStore users, String domain) {
    this(users, domain, randomChallenges(), Clock.systemUTC());
  }

  /**
   * Creates the scheme with injected server challenges (8 bytes each) and clock (for the
   * MsvAvTimestamp), so tests are deterministic.
   */
  public NtlmServerScheme(
      UserStore users, String domain, Supplier<byte[]> challenges, Clock clock) {
    this.users = Objects.requireNonNull(users, "users");
    this.domain = Objects.requireNonNull(domain, "domain");
    this.challenges = Objects.requireNonNull(challenges, "challenges");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean connectionBound() {
    return true;
  }

  @Override
  public String name() {
    return "ntlm";
  }

  @Override
  public String challenge(ServerConnection connection) {
    return "NTLM";
  }

  @Override
  public Verdict verify(String credentials, ServerRequest request, ServerConnection connection) {
    byte[] token;
    try {
      token = Base64.getDecoder().decode(credentials.trim());
    } catch (IllegalArgumentException e) {
      return new Verdict.Rejected("NTLM credentials are not base64 (" + credentials.length()
          + " characters)");
    }
    try {
      int type = token.length >= 12 ? token[8] & 0xff | (token[9] & 0xff) << 8 : -1;
      if (type == 1) {
        return negotiate(token, connection);
      }
      if (type == 3) {
        return authenticate(token, connection);
      }
      return new Verdict.Rejected("Expected an NTLM Type 1 or Type 3 message but got "
          + (type < 0 ? token.length + " bytes" : "type " + type));
    } catch (MalformedNtlmException e) {
      return new Verdict.Rejected(e.getMessage());
    }
  }

  private Verdict negotiate(byte[] type1, ServerConnection connection)
      throws MalformedNtlmException {
    NegotiateMessage negotiate = NegotiateMessage.parse(type1);
    byte[] serverChallenge = challenges.get();
    if (serverChallenge.length != 8) {
      throw new IllegalStateException(
          "Expected an 8-byte server challenge but got " + serverChallenge.length);
    }
    ChallengeMessage challenge =
        ChallengeMessage.answer(negotiate, domain, COMPUTER, serverChallenge, filetime());
    connection.attributes().put(HANDSHAKE, new Handshake(type1.clone(), challenge));
    return new Verdict.Continue("NTLM " + Base64.getEncoder().encodeToString(challenge.encode()));
  }

  private Verdict authenticate(byte[] type3, ServerConnection connection)
      throws MalformedNtlmException {
    // One Type 3 per Type 2: a replay on the same connection finds no handshake.
    Object stored = connection.attributes().remove(HANDSHAKE);
    if (!(stored instanceof Handshake handshake)) {
      return new Verdict.Rejected("Type 3 on a connection without a handshake");
    }
    AuthenticateMessage message = AuthenticateMessage.parse(type3);
    if (!message.domain().isEmpty() && !message.domain().equalsIgnoreCase(domain)) {
      return new Verdict.Rejected("Domain '" + message.domain() + "' of user '" + message.user()
          + "' is not the proxy's domain '" + domain + "'");
    }
    Optional<Map.Entry<String, String>> account = account(message.user());
    if (account.isEmpty()) {
      return new Verdict.Rejected("Unknown user '" + message.user() + "'");
    }
    Optional<String> failure = NtlmVerifier.verify(
        handshake.type1(), handshake.challenge(), message, account.get().getValue());
    return failure.<Verdict>map(Verdict.Rejected::new)
        .orElseGet(() -> new Verdict.Accepted(account.get().getKey()));
  }

  private Optional<Map.Entry<String, String>> account(String user) {
    return users.snapshot().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(user))
        .findFirst();
  }

  private long filetime() {
    Instant now = clock.instant();
    return (now.getEpochSecond() + FILETIME_EPOCH_OFFSET) * 10_000_000L + now.getNano() / 100;
  }

  private static Supplier<byte[]> randomChallenges() {
    SecureRandom random = new SecureRandom();
    return () -> {
      byte[] challenge = new byte[8];
      random.nextBytes(challenge);
      return challenge;
    };
  }

  /** The Type 1 as received and the Type 2 sent on one connection. */
  private record Handshake(byte[] type1, ChallengeMessage challenge) {}
}
