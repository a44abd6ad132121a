package io.github.proxyauth.it.squid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the {@link SquidLab} once per test run (the first class that needs it) and stops it when
 * the run ends, also after failures; a shutdown hook is the backstop. Test classes and methods get
 * it as a parameter.
 *
 * <p>Without Squid ({@code -Dproxyauth.squid=PATH}, default {@code /usr/sbin/squid}) the classes are
 * skipped with a message on stderr, unless {@code -Dproxyauth.squid.required=true} (the {@code
 * it-squid} Maven profile), where a missing Squid fails them.
 */
final class SquidExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SquidExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    lab(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SquidLab.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return lab(context);
  }

  private static SquidLab lab(ExtensionContext context) {
    Started started = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Started.class, key -> Started.attempt(), Started.class);
    if (started.missing().isPresent()) {
      String message = started.missing().get();
      if (Boolean.getBoolean("proxyauth.squid.required")) {
        throw new ExtensionConfigurationException(message + " (the it-squid profile requires it)");
      }
      System.err.println("[proxyauth-it-squid] SKIPPED: " + message);
      Assumptions.abort(message);
    }
    if (started.failure().isPresent()) {
      throw new ExtensionConfigurationException("The Squid lab did not start",
          started.failure().get());
    }
    return started.lab().orElseThrow();
  }

  /** The outcome of the one start attempt of a run; closing it stops the lab. */
  private record Started(Optional<SquidLab> lab, Optional<String> missing,
      Optional<Exception> failure) implements AutoCloseable {

    static Started attempt() {
      Path squid = Path.of(System.getProperty("proxyauth.squid", "/usr/sbin/squid"));
      if (!Files.isExecutable(squid)) {
        return new Started(Optional.empty(), Optional.of("No Squid at " + squid + ": install it "
            + "(apt-get install -y --no-install-recommends squid) to run the Squid suite"),
            Optional.empty());
      }
      try {
        long start = System.nanoTime();
        SquidLab lab = SquidLab.start(squid, RoundTrips.outputDir().resolve("squid-logs"));
        System.err.println("[proxyauth-it-squid] lab up in "
            + (System.nanoTime() - start) / 1_000_000 + " ms: " + lab.describe());
        return new Started(Optional.of(lab), Optional.empty(), Optional.empty());
      } catch (IOException | RuntimeException e) {
        return new Started(Optional.empty(), Optional.empty(), Optional.of(e));
      }
    }

    @Override
    public void close() throws IOException {
      if (lab.isPresent()) {
        lab.get().close();
      }
    }
  }
}
