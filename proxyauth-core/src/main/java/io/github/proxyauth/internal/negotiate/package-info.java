/** Negotiate (RFC 4559): SPNEGO/Kerberos through the JDK's GSS-API and JAAS; not API. */
@NullMarked
package io.github.proxyauth.internal.negotiate;

import org.jspecify.annotations.NullMarked;
