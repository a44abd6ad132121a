package io.github.proxyauth.it.squid;

import java.util.Locale;

/** The lab Squid's ports: one per scheme, one offering every scheme, one without auth. */
enum SquidPort {
  BASIC, DIGEST, NTLM, NEGOTIATE, ALL, OPEN;

  /** Returns the scheme name as the 407 spells it in lower case ("basic"), or the port's name. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
