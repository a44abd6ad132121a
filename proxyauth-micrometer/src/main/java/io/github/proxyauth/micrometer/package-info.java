/** Micrometer meters for proxyauth's events. */
@NullMarked
package io.github.proxyauth.micrometer;

import org.jspecify.annotations.NullMarked;
