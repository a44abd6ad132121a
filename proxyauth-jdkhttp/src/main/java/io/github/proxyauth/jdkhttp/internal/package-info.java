/** The loopback relay behind {@code io.github.proxyauth.jdkhttp}; not API. */
@NullMarked
package io.github.proxyauth.jdkhttp.internal;

import org.jspecify.annotations.NullMarked;
