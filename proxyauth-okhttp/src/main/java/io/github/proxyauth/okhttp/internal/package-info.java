/** The OkHttp adapter's implementation: not API, may change without notice. */
@NullMarked
package io.github.proxyauth.okhttp.internal;

import org.jspecify.annotations.NullMarked;
