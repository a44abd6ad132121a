package io.github.proxyauth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A provider whose answer tests can change (rotation), recording every call. */
public final class RecordingCredentialProvider implements CredentialProvider {
  public final AtomicReference<Optional<Credentials>> current;
  public final List<AuthScope> asked = Collections.synchronizedList(new ArrayList<>());
  public final List<AuthScope> invalidated = Collections.synchronizedList(new ArrayList<>());

  public RecordingCredentialProvider(Credentials initial) {
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

  public void rotate(Credentials next) {
    current.set(Optional.of(next));
  }
}
