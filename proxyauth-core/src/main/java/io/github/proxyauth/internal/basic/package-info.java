/** Basic (RFC 7617); not API. */
@NullMarked
package io.github.proxyauth.internal.basic;

import org.jspecify.annotations.NullMarked;
