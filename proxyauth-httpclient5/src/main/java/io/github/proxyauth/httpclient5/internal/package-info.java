/** The HttpClient 5 adapter's implementation: not API, may change without notice. */
@NullMarked
package io.github.proxyauth.httpclient5.internal;

import org.jspecify.annotations.NullMarked;
