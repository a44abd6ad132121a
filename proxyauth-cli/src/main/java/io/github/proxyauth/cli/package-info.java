/**
 * The {@code proxyauth} command line: {@code fetch}, {@code doctor} and {@code demo}. Only
 * {@link io.github.proxyauth.cli.Main} is public; everything else is package-private.
 */
@NullMarked
package io.github.proxyauth.cli;

import org.jspecify.annotations.NullMarked;
