/** Fixtures the benchmarks share: the test kit's proxy (in a child JVM), origins, one KDC. */
@NullMarked
package io.github.proxyauth.benchmarks.support;

import org.jspecify.annotations.NullMarked;
