package io.github.proxyauth.it.squid;

import io.github.proxyauth.Diagnosis;
import java.util.Locale;

/** The lab Squid's ports: one per scheme, one offering every scheme, one without auth. */
enum SquidPort {
  BASIC, DIGEST, NTLM, NEGOTIATE, ALL, OPEN;

  /** Returns the scheme name as the 407 spells it in lower case ("basic"), or the port's name. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns why proxyauth gives up on this port with a wrong password. */
  Diagnosis.Reason wrongPasswordReason() {
    // The KDC refuses a wrong Kerberos password: the login fails before Squid sees a token.
    return this == NEGOTIATE ? Diagnosis.Reason.SCHEME_FAILED
        : Diagnosis.Reason.CREDENTIALS_REJECTED;
  }
}
