package io.github.proxyauth.cli;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The process environment and system properties, injectable for tests. */
record Env(Function<String, @Nullable String> environment,
    Function<String, @Nullable String> properties) {

  @Nullable String getenv(String name) {
    return environment.apply(name);
  }
}
