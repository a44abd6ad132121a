package io.github.proxyauth.internal.pac;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Makes Rhino contexts for untrusted PAC scripts: interpreted mode (no class generation), a class
 * shutter that denies every Java class, a bounded interpreter stack, and an instruction observer
 * that stops the script at its deadline by throwing {@link PacTimeout}, a {@link Error} that
 * script {@code catch} and {@code finally} blocks cannot intercept.
 */
final class SandboxContextFactory extends ContextFactory {
  static final String DEADLINE = "proxyauth.pac.deadline";
  private static final int INSTRUCTIONS_PER_CHECK = 10_000;
  private static final int MAX_STACK_DEPTH = 400;

  @Override
  protected Context makeContext() {
    Context cx = super.makeContext();
    cx.setInterpretedMode(true);
    cx.setLanguageVersion(Context.VERSION_ES6);
    cx.setClassShutter(className -> false);
    cx.setMaximumInterpreterStackDepth(MAX_STACK_DEPTH);
    cx.setInstructionObserverThreshold(INSTRUCTIONS_PER_CHECK);
    return cx;
  }

  @Override
  protected boolean hasFeature(Context cx, int feature) {
    if (feature == Context.FEATURE_ENHANCED_JAVA_ACCESS
        || feature == Context.FEATURE_ENABLE_JAVA_MAP_ACCESS
        || feature == Context.FEATURE_E4X) {
      return false;
    }
    return super.hasFeature(cx, feature);
  }

  @Override
  protected void observeInstructionCount(Context cx, int instructionCount) {
    if (cx.getThreadLocal(DEADLINE) instanceof Long deadline && System.nanoTime() - deadline > 0) {
      throw new PacTimeout();
    }
  }

  /** Thrown into the script at its deadline; an Error so that scripts cannot catch it. */
  static final class PacTimeout extends Error {
    private static final long serialVersionUID = 1L;

    PacTimeout() {
      super("PAC evaluation exceeded its time limit", null, false, false);
    }
  }
}
