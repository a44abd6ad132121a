package io.github.proxyauth.cli;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.CredentialProvider;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Turns a command line into the library's objects: the proxy discovery, the credential chain
 * and the engine. Passwords live in {@code char[]} and are cleared once handed over.
 *
 * @param discovery where requests go: the explicit {@code --proxy}, else properties and
 *     environment, then the PAC script of {@code --pac} or {@code PROXYAUTH_PAC}
 * @param engine the engine without a listener (callers add theirs)
 * @param proxyTls the trust for https proxies ({@code --proxy-ca}); empty for the JDK's
 *     default CAs
 */
record Setup(ProxyDiscovery discovery, ProxyAuthenticator engine,
    Optional<SSLContext> proxyTls) {

  static Setup from(CommandLine line, Env env, Consumer<String> warnings)
      throws ConfigException {
    ProxyDiscovery discovery = discovery(line, env);
    Optional<char[]> password = password(line, env);
    try {
      CredentialProvider credentials = credentials(line, password,
          CredentialsFile.withFile(line, discovery.credentials(), warnings));
      List<AuthScheme> schemes = schemes(line.scheme(), kerberos(line, password, env));
      krb5Conf(line);
      return new Setup(discovery, ProxyAuthenticator.builder().credentials(credentials)
          .schemes(schemes).build(), ProxyCa.from(line));
    } finally {
      password.ifPresent(p -> Arrays.fill(p, '\0'));
    }
  }

  private static ProxyDiscovery discovery(CommandLine line, Env env) throws ConfigException {
    try {
      Optional<String> proxy = line.value("--proxy");
      ProxyDiscovery.Builder builder = proxy.isPresent()
          ? ProxyDiscovery.builder().proxy(proxy.get())
          : ProxyDiscovery.builder().systemProperties(env.properties())
              .environment(env.environment());
      Pac.from(line, env).ifPresent(builder::pac);
      // https:// proxies: the relay (fetch --client jdk, serve) speaks TLS to them.
      return builder.pacFailureGoesDirect(false).tlsProxies(true).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static Optional<char[]> password(CommandLine line, Env env) throws ConfigException {
    Optional<String> variable = line.value("--password-env");
    if (variable.isPresent()) {
      String value = env.getenv(variable.get());
      if (value == null || value.isEmpty()) {
        throw new ConfigException("--password-env " + variable.get() + ": expected the variable"
            + " to hold the password but it is " + (value == null ? "not set" : "empty"));
      }
      return Optional.of(value.toCharArray());
    }
    Optional<String> file = line.value("--password-file");
    return file.isPresent() ? Optional.of(readPassword("--password-file", Path.of(file.get())))
        : Optional.empty();
  }

  /** Returns the first line of {@code file}, which {@code option} named. */
  static char[] readPassword(String option, Path file) throws ConfigException {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String first = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
      if (first.isEmpty()) {
        throw new ConfigException(option + " " + file + ": expected a password on the"
            + " first line but it is empty");
      }
      return first.toCharArray();
    } catch (IOException e) {
      throw new ConfigException(option + " " + file + ": cannot read it ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  private static CredentialProvider credentials(CommandLine line, Optional<char[]> password,
      CredentialProvider discovered) throws ConfigException {
    Optional<String> user = line.value("--user");
    if (user.isEmpty()) {
      return discovered;
    }
    if (password.isEmpty()) {
      throw new ConfigException("--user " + user.get() + ": expected --password-env VAR or"
          + " --password-file FILE for the password but saw neither");
    }
    String source = line.value("--password-env").map(v -> "--password-env " + v)
        .orElseGet(() -> "--password-file " + line.value("--password-file").orElse(""));
    try {
      Credentials explicit = Credentials.of(user.get(), password.get()).withSource(source);
      return CredentialProvider.firstOf(CredentialProvider.of(explicit), discovered);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--user: " + e.getMessage());
    }
  }

  private static KerberosLogin kerberos(CommandLine line, Optional<char[]> password, Env env)
      throws ConfigException {
    Optional<String> principal = line.value("--principal");
    try {
      if (line.value("--keytab").isPresent()) {
        return KerberosLogin.keytab(principal.orElseThrow(), readable(line, "--keytab"));
      }
      if (line.value("--ccache").isPresent()) {
        return KerberosLogin.ticketCache(readable(line, "--ccache"));
      }
      if (principal.isPresent() && password.isPresent()) {
        return KerberosLogin.password(principal.get(), password.get());
      }
      if (principal.isPresent()) {
        throw new ConfigException("--principal " + principal.get() + ": expected --keytab FILE,"
            + " --password-env VAR or --password-file FILE but saw none of them");
      }
      return KerberosLogin.fromEnvironment(env.environment());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Kerberos: " + e.getMessage());
    }
  }

  private static Path readable(CommandLine line, String option) throws ConfigException {
    Path file = Path.of(line.value(option).orElseThrow());
    if (!Files.isReadable(file)) {
      throw new ConfigException(option + " " + file + ": expected a readable file but it is "
          + (Files.exists(file) ? "not readable" : "missing"));
    }
    return file;
  }

  static List<AuthScheme> schemes(String scheme, KerberosLogin login) {
    return switch (scheme) {
      case "basic" -> List.of(AuthScheme.basic());
      case "digest" -> List.of(AuthScheme.digest());
      case "ntlm" -> List.of(AuthScheme.ntlm());
      case "negotiate" -> List.of(AuthScheme.negotiate(login));
      default -> List.of(AuthScheme.negotiate(login), AuthScheme.ntlm(), AuthScheme.digest(),
          AuthScheme.basic());
    };
  }

  private static void krb5Conf(CommandLine line) throws ConfigException {
    if (line.value("--krb5-conf").isPresent()) {
      Krb5Config.use(readable(line, "--krb5-conf"));
    }
  }
}
