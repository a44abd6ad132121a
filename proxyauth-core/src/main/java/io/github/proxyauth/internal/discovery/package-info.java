/** Proxy discovery from explicit settings, system properties and the environment; not API. */
@NullMarked
package io.github.proxyauth.internal.discovery;

import org.jspecify.annotations.NullMarked;
