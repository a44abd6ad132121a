/** NTLM (MS-NLMP, NTLMv2 only) over jcifs-ng behind {@code NtlmEngine}; not API. */
@NullMarked
package io.github.proxyauth.internal.ntlm;

import org.jspecify.annotations.NullMarked;
