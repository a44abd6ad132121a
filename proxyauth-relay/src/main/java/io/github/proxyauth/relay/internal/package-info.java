/** The relay's implementation: listener, sessions, upstream pool, forwarding and tunnels; not API. */
@NullMarked
package io.github.proxyauth.relay.internal;

import org.jspecify.annotations.NullMarked;
