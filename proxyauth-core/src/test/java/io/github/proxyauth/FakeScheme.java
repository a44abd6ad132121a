package io.github.proxyauth;

import io.github.proxyauth.spi.AuthContext;
import io.github.proxyauth.spi.AuthSession;
import io.github.proxyauth.spi.Challenge;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A scheme for engine tests: answers {@code <Name> leg-N:<user>}; a challenge with token68
 * {@code more} continues the handshake. Records every session and answer.
 */
public final class FakeScheme implements AuthScheme {
  public final String name;
  public final int strength;
  public final boolean connectionBound;
  public final boolean passwordBased;
  public final List<String> answers = java.util.Collections.synchronizedList(new ArrayList<>());
  public int sessions;

  public FakeScheme(String name, int strength, boolean connectionBound, boolean passwordBased) {
    this.name = name;
    this.strength = strength;
    this.connectionBound = connectionBound;
    this.passwordBased = passwordBased;
  }

  public static FakeScheme of(String name, int strength) {
    return new FakeScheme(name, strength, false, true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int strength() {
    return strength;
  }

  @Override
  public boolean connectionBound() {
    return connectionBound;
  }

  @Override
  public boolean usesPasswordCredentials() {
    return passwordBased;
  }

  @Override
  public AuthSession newSession(AuthContext context) {
    sessions++;
    String user = context.credentials().map(Credentials::user).orElse("kerberos");
    return new AuthSession() {
      int leg;

      @Override
      public Optional<String> preemptive() {
        return Optional.of(answer("pre", user));
      }

      @Override
      public String respond(Challenge challenge) {
        return answer("leg-" + ++leg, user);
      }

      @Override
      public boolean continues(Challenge challenge) {
        return challenge.token68().filter("more"::equals).isPresent();
      }
    };
  }

  private String answer(String step, String user) {
    String value = name + " " + step + ":" + user;
    answers.add(value);
    return value;
  }
}
