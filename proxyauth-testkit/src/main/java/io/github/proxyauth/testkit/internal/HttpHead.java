package io.github.proxyauth.testkit.internal;

import io.github.proxyauth.testkit.RecordedRequest.Header;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A request or response head: the start line and the header fields in arrival order. */
record HttpHead(String startLine, List<Header> headers) {

  public HttpHead {
    headers = List.copyOf(headers);
  }

  /** Returns the first value of {@code name} (case-insensitive), or empty. */
  public Optional<String> header(String name) {
    return values(name).stream().findFirst();
  }

  /** Returns all values of {@code name} (case-insensitive), in order. */
  public List<String> values(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .collect(Collectors.toList());
  }

  /** Returns the comma-separated tokens of all {@code name} fields, lower-cased. */
  public List<String> tokens(String name) {
    return values(name).stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(t -> t.trim().toLowerCase(Locale.ROOT))
        .filter(t -> !t.isEmpty())
        .collect(Collectors.toList());
  }
}
