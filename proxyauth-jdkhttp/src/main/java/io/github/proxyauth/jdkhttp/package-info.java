/** Proxy authentication for jdkhttp; see the module README section. */
@NullMarked
package io.github.proxyauth.jdkhttp;

import org.jspecify.annotations.NullMarked;
