/** Implementation of the test kit; not API. */
@NullMarked
package io.github.proxyauth.testkit.internal;

import org.jspecify.annotations.NullMarked;
