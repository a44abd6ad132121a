/**
 * Server-side NTLM (MS-NLMP) for the test proxy: message parsing and encoding, NTLMv2 and MIC
 * verification, and MD4. JDK-only and written independently of proxyauth-core, so a bug shared
 * by client and server cannot make a test pass.
 */
@NullMarked
package io.github.proxyauth.testkit.internal.ntlm;

import org.jspecify.annotations.NullMarked;
