/** Proxy authentication for okhttp; see the module README section. */
@NullMarked
package io.github.proxyauth.okhttp;

import org.jspecify.annotations.NullMarked;
