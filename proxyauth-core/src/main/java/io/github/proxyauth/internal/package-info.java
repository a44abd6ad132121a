/** Implementation shared by the schemes and the engine; not API. */
@NullMarked
package io.github.proxyauth.internal;

import org.jspecify.annotations.NullMarked;
