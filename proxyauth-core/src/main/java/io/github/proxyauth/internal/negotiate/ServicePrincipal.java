package io.github.proxyauth.internal.negotiate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * The service principal a Negotiate token is for: {@code HTTP@<proxy host>} (a host-based service
 * name, RFC 2743 §4.1), an explicit override, or the host after an opt-in DNS canonicalization.
 *
 * @param display the name for messages, {@code HTTP/proxy.example.com} style
 * @param name the text handed to GSS-API
 * @param krb5Name true when {@code name} is a Kerberos principal name rather than host-based
 * @param ipLiteral true when the host is an IP address (KDCs rarely have such principals)
 */
record ServicePrincipal(String display, String name, boolean krb5Name, boolean ipLiteral) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");

  /** Returns the principal for {@code host}, applying the override or canonicalization. */
  static ServicePrincipal of(String host, Optional<String> override, boolean canonicalize) {
    if (override.isPresent()) {
      String name = override.get();
      boolean krb5 = name.indexOf('/') >= 0;
      return new ServicePrincipal(krb5 ? name : name.replaceFirst("@", "/"), name, krb5, false);
    }
    String target = canonicalize ? canonical(host) : host;
    return new ServicePrincipal("HTTP/" + target, "HTTP@" + target, false, isIpLiteral(target));
  }

  /** Returns the name for GSS-API. */
  GSSName gssName(GSSManager manager) throws GSSException {
    return manager.createName(name, krb5Name ? KRB5_PRINCIPAL_NAME : GSSName.NT_HOSTBASED_SERVICE);
  }

  /** Forward then reverse lookup (what browsers do); keeps the host when either fails. */
  static String canonical(String host) {
    try {
      String canonical = InetAddress.getByName(host).getCanonicalHostName();
      return isIpLiteral(canonical) ? host : canonical.toLowerCase(java.util.Locale.ROOT);
    } catch (UnknownHostException | SecurityException e) {
      return host;
    }
  }

  static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
  }

  private static Oid oid(String value) {
    try {
      return new Oid(value);
    } catch (GSSException e) {
      throw new IllegalStateException("bad built-in OID " + value, e);
    }
  }
}
