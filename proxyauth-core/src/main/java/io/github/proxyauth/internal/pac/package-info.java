/** Sandboxed PAC evaluation (Rhino, optional) and the PAC helper functions; not API. */
@NullMarked
package io.github.proxyauth.internal.pac;

import org.jspecify.annotations.NullMarked;
