package io.github.proxyauth.testkit.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * A Kerberos client for tests, JDK only: Krb5LoginModule through a programmatic JAAS
 * {@link Configuration} (no jaas.conf), then a JGSS initiator. {@code refreshKrb5Config=true}
 * makes each login reread {@code java.security.krb5.conf}.
 */
public final class KerberosTestClient {
  public static final String SPNEGO = "1.3.6.1.5.5.2";
  public static final String KERBEROS = "1.2.840.113554.1.2.2";

  private KerberosTestClient() {}

  /** Returns the Subject of a password login (the password goes through a callback). */
  public static Subject loginWithPassword(String principal, String password)
      throws LoginException {
    Map<String, String> options = base(principal);
    options.put("useTicketCache", "false");
    options.put("doNotPrompt", "false");
    return login(options, callbacks -> {
      for (Callback callback : callbacks) {
        if (callback instanceof NameCallback name) {
          name.setName(principal);
        } else if (callback instanceof PasswordCallback pw) {
          pw.setPassword(password.toCharArray());
        } else {
          throw new UnsupportedCallbackException(callback);
        }
      }
    });
  }

  /** Returns the Subject of a keytab login. */
  public static Subject loginWithKeytab(String principal, Path keytab) throws LoginException {
    Map<String, String> options = base(principal);
    options.put("useKeyTab", "true");
    options.put("keyTab", keytab.toString());
    options.put("doNotPrompt", "true");
    return login(options, callbacks -> {
      throw new UnsupportedCallbackException(callbacks[0]);
    });
  }

  /** Returns the Subject of a login from an MIT FILE: credentials cache. */
  public static Subject loginWithTicketCache(String principal, Path ccache)
      throws LoginException {
    Map<String, String> options = base(principal);
    options.put("useTicketCache", "true");
    options.put("ticketCache", ccache.toString());
    options.put("doNotPrompt", "true");
    return login(options, callbacks -> {
      throw new UnsupportedCallbackException(callbacks[0]);
    });
  }

  /** Returns a new initiator context for {@code HTTP@host} and its first token. */
  public static Initiated initiate(Subject subject, String host, String mech, boolean mutual)
      throws Exception {
    return SubjectBridge.call(subject, () -> {
      GSSManager manager = GSSManager.getInstance();
      GSSName service = manager.createName("HTTP@" + host, GSSName.NT_HOSTBASED_SERVICE);
      GSSContext context = manager.createContext(service, new Oid(mech), null,
          GSSContext.DEFAULT_LIFETIME);
      context.requestMutualAuth(mutual);
      context.requestCredDeleg(false);
      return new Initiated(context, context.initSecContext(new byte[0], 0, 0));
    });
  }

  /** Returns whatever {@code initSecContext} returns for the acceptor's reply, as the subject. */
  public static byte[] continueWith(Subject subject, GSSContext context, byte[] reply)
      throws Exception {
    return SubjectBridge.call(subject, () -> context.initSecContext(reply, 0, reply.length));
  }

  /** An initiator context and its first token. */
  public record Initiated(GSSContext context, byte[] token) {}

  private static Map<String, String> base(String principal) {
    Map<String, String> options = new HashMap<>();
    options.put("principal", principal);
    options.put("isInitiator", "true");
    options.put("storeKey", "false");
    options.put("refreshKrb5Config", "true");
    return options;
  }

  private static Subject login(Map<String, String> options,
      javax.security.auth.callback.CallbackHandler handler) throws LoginException {
    Configuration configuration = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry(
            "com.sun.security.auth.module.Krb5LoginModule",
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.copyOf(options))};
      }
    };
    LoginContext context = new LoginContext("proxyauth-test", new Subject(), handler,
        configuration);
    context.login();
    return context.getSubject();
  }
}
