package io.github.proxyauth.internal.negotiate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * A JAAS login through the JDK's {@code Krb5LoginModule} with a programmatic configuration: no
 * jaas.conf, no system property, and never a console prompt (the callback handler answers only
 * with the configured password, and refuses everything else).
 */
final class JaasLogin {
  private static final String MODULE = "com.sun.security.auth.module.Krb5LoginModule";
  private static final String NAME = "proxyauth-negotiate";

  private JaasLogin() {}

  /** Returns a Subject holding the TGT obtained from {@code source}. */
  static Subject login(KerberosSource source) throws LoginException {
    Configuration configuration = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry(MODULE,
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options(source))};
      }
    };
    LoginContext context = new LoginContext(NAME, new Subject(), handler(source), configuration);
    context.login();
    return context.getSubject();
  }

  static Map<String, String> options(KerberosSource source) {
    Map<String, String> options = new HashMap<>();
    options.put("isInitiator", "true");
    options.put("storeKey", "false");
    options.put("doNotPrompt", "true");
    if (source instanceof KerberosSource.TicketCache cache) {
      options.put("useTicketCache", "true");
      cache.file().ifPresent(file -> options.put("ticketCache", file.toString()));
    } else if (source instanceof KerberosSource.Keytab keytab) {
      options.put("useKeyTab", "true");
      options.put("keyTab", keytab.file().toString());
      options.put("principal", keytab.principal());
    } else if (source instanceof KerberosSource.Password password) {
      options.put("doNotPrompt", "false"); // the password comes from our callback handler
      options.put("principal", password.principal());
    }
    return options;
  }

  private static CallbackHandler handler(KerberosSource source) {
    return callbacks -> {
      for (Callback callback : callbacks) {
        if (source instanceof KerberosSource.Password password) {
          answer(callback, password);
        } else {
          throw new UnsupportedCallbackException(callback, "no prompting: " + source.describe());
        }
      }
    };
  }

  private static void answer(Callback callback, KerberosSource.Password password)
      throws UnsupportedCallbackException {
    if (callback instanceof NameCallback name) {
      name.setName(password.principal());
    } else if (callback instanceof PasswordCallback secret) {
      char[] copy = password.password();
      secret.setPassword(copy); // PasswordCallback keeps its own copy
      Arrays.fill(copy, '\0');
    } else {
      throw new UnsupportedCallbackException(callback, "no prompting for a Kerberos password");
    }
  }
}
