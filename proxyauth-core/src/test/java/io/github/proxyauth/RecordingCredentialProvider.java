package io.github.proxyauth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A provider whose answer tests can change (rotation), recording every call. */
final class RecordingCredentialProvider implements CredentialProvider {
  final AtomicReference<Optional<Credentials>> current;
  final List<AuthScope> asked = Collections.synchronizedList(new ArrayList<>());
  final List<AuthScope> invalidated = Collections.synchronizedList(new ArrayList<>());

  RecordingCredentialProvider(Credentials initial) {
    current = new AtomicReference<>(Optional.of(initial));
  }

  @Override
  public Optional<Credentials> credentialsFor(AuthScope scope) {
    asked.add(scope);
    return current.get();
  }

  @Override
  public void invalidate(AuthScope scope, Credentials rejected) {
    invalidated.add(scope);
  }

  void rotate(Credentials next) {
    current.set(Optional.of(next));
  }
}
