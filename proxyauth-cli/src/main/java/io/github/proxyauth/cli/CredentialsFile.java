package io.github.proxyauth.cli;

import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.ProxyAuthException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** {@code --credentials-file FILE}: the library's credentials file, before discovered ones. */
final class CredentialsFile {
  private CredentialsFile() {}

  /** Returns {@code discovered}, preceded by the credentials file when one is named. */
  static CredentialProvider withFile(CommandLine line, CredentialProvider discovered,
      Consumer<String> warnings) throws ConfigException {
    Optional<String> file = line.value("--credentials-file");
    if (file.isEmpty()) {
      return discovered;
    }
    try {
      return CredentialProvider.firstOf(
          CredentialProvider.fromFile(Path.of(file.get()), false, warnings), discovered);
    } catch (ProxyAuthException e) {
      throw new ConfigException("--credentials-file " + file.get() + ": " + e.getMessage());
    }
  }
}
