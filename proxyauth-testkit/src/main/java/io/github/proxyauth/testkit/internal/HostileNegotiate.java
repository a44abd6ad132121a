package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.RecordedRequest.Auth;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Negotiate faults: replaces the gate's decision on a request that carried a Negotiate token
 * with a 407 whose token is broken in the way the fault names (RFC 4178 NegTokenResp shapes).
 */
final class HostileNegotiate {
  /** {@code negState reject}: NegTokenResp [1] SEQUENCE { [0] ENUMERATED 2 }. */
  private static final byte[] REJECT = {(byte) 0xa1, 0x07, 0x30, 0x05, (byte) 0xa0, 0x03, 0x0a,
      0x01, 0x02};
  /** A NegTokenResp whose outer length (0x80) runs past its 12 bytes. */
  private static final byte[] TRUNCATED = {(byte) 0xa1, (byte) 0x81, (byte) 0x80, 0x30, 0x7e,
      (byte) 0xa0, 0x03, 0x0a, 0x01, 0x01, (byte) 0xa1, 0x0b};
  static final int HUGE_TOKEN_CHARS = 70_000;

  private HostileNegotiate() {}

  /** Returns the decision to use instead, or empty when no Negotiate fault applies. */
  static Optional<AuthGate.Decision> replace(AuthGate.Decision decision, ServerScheme scheme,
      Set<Fault> faults) {
    if (!(scheme instanceof NegotiateServerScheme)) {
      return Optional.empty();
    }
    Optional<String> token = token(decision, faults);
    return token.map(t -> new AuthGate.Decision(false, Auth.CONTINUED, Optional.empty(),
        List.of(t)));
  }

  private static Optional<String> token(AuthGate.Decision decision, Set<Fault> faults) {
    Base64.Encoder base64 = Base64.getEncoder();
    if (faults.contains(Fault.NEGOTIATE_BAD_BASE64)) {
      return Optional.of("Negotiate oYG-~_.not.base64");
    }
    if (faults.contains(Fault.NEGOTIATE_TRUNCATED_TOKEN)) {
      return Optional.of("Negotiate " + base64.encodeToString(TRUNCATED));
    }
    if (faults.contains(Fault.NEGOTIATE_REJECT)) {
      return Optional.of("Negotiate " + base64.encodeToString(REJECT));
    }
    if (faults.contains(Fault.NEGOTIATE_HUGE_TOKEN)) {
      return Optional.of("Negotiate oY" + "A".repeat(HUGE_TOKEN_CHARS - 2));
    }
    if (faults.contains(Fault.NEGOTIATE_NO_MUTUAL) && decision.pass()) {
      return Optional.of(decision.challenges().isEmpty() ? "Negotiate"
          : decision.challenges().get(0));
    }
    return Optional.empty();
  }
}
