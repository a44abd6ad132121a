package io.github.proxyauth.it.squid;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real client reported.
 *
 * @param succeeded exit status 0 (a tool) or a 2xx response (an in-process client)
 * @param status the first HTTP status the client saw: the proxy's answer to CONNECT for https,
 *     the response otherwise; empty when the client did not show one
 * @param body what the client fetched (the echo, the cloned file, the resolved artifact's entry)
 * @param diagnosis the {@code Proxy-Auth-Diagnosis} header, when the client shows proxy headers
 * @param transcript everything the client printed, for assertion messages
 */
record ClientOutcome(boolean succeeded, OptionalInt status, String body,
    Optional<String> diagnosis, String transcript) {
  static final String DIAGNOSIS_HEADER = "Proxy-Auth-Diagnosis";
  private static final Pattern DIAGNOSIS = Pattern.compile("(?im)^[^\\n]*?"
      + DIAGNOSIS_HEADER + ":\\s*([^\\r\\n]*)");

  /** Returns the first group 1 of {@code pattern} in {@code text} as a status. */
  static OptionalInt firstStatus(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** Returns the value of the first {@code Proxy-Auth-Diagnosis} header line in {@code text}. */
  static Optional<String> diagnosisIn(String text) {
    Matcher m = DIAGNOSIS.matcher(text);
    return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
  }
}
