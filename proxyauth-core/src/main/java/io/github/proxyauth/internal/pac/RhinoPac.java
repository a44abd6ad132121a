package io.github.proxyauth.internal.pac;

import io.github.proxyauth.ProxyAuthException;
import java.time.Duration;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * A PAC script in a Rhino sandbox: sealed safe standard objects only ({@code initSafeStandardObjects}:
 * no {@code Packages}, {@code java}, {@code importClass}, {@code importPackage}, {@code JavaAdapter},
 * {@code load} or {@code readFile}), plus the PAC helpers of {@link PacFunctions}, which are the
 * only host functions. Calls are serialised: scripts may keep state in globals.
 */
final class RhinoPac implements PacEngine {
  private final SandboxContextFactory factory = new SandboxContextFactory();
  private final String name;
  private final long timeoutNanos;
  private final Scriptable scope;
  private final Function findProxy;

  RhinoPac(String source, String name, PacFunctions functions, Duration timeout)
      throws ProxyAuthException {
    this.name = name;
    this.timeoutNanos = timeout.toNanos();
    Object[] made = run("loading", cx -> {
      ScriptableObject shared = cx.initSafeStandardObjects(null, true);
      Scriptable global = cx.newObject(shared);
      global.setPrototype(shared);
      global.setParentScope(null);
      for (String helper : PacFunctions.names()) {
        Helper function = new Helper(helper, functions);
        function.setParentScope(global);
        function.setPrototype(ScriptableObject.getFunctionPrototype(global));
        ScriptableObject.defineProperty((ScriptableObject) global, helper, function,
            ScriptableObject.DONTENUM);
      }
      Script script = cx.compileString(source, name, 1, null);
      script.exec(cx, global);
      return new Object[] {global, global.get("FindProxyForURL", global)};
    });
    this.scope = (Scriptable) made[0];
    if (!(made[1] instanceof Function function)) {
      throw new ProxyAuthException("PAC script " + name
          + " does not define a function FindProxyForURL(url, host)");
    }
    this.findProxy = function;
  }

  @Override
  public synchronized String findProxyForUrl(String url, String host) throws ProxyAuthException {
    Object result = run("evaluating FindProxyForURL for " + url,
        cx -> findProxy.call(cx, scope, scope, new Object[] {url, host}));
    if (result instanceof CharSequence text) {
      return text.toString();
    }
    throw new ProxyAuthException("PAC script " + name + " returned " + describe(result) + " for "
        + url + ": expected a string such as \"PROXY host:port; DIRECT\"");
  }

  private interface Action<T> {
    T run(Context cx);
  }

  private <T> T run(String step, Action<T> action) throws ProxyAuthException {
    try {
      return factory.call(cx -> {
        cx.putThreadLocal(SandboxContextFactory.DEADLINE, System.nanoTime() + timeoutNanos);
        return action.run(cx);
      });
    } catch (SandboxContextFactory.PacTimeout e) {
      throw new ProxyAuthException("PAC script " + name + " ran longer than its time limit of "
          + Duration.ofNanos(timeoutNanos).toMillis() + " ms while " + step
          + " and was stopped (an endless loop?)");
    } catch (RhinoException e) {
      throw new ProxyAuthException("PAC script " + name + " failed while " + step + ": "
          + e.details() + " (line " + e.lineNumber() + ")");
    } catch (StackOverflowError e) {
      throw new ProxyAuthException("PAC script " + name + " recursed too deeply while " + step);
    }
  }

  private static String describe(Object result) {
    return result == null ? "null" : result instanceof org.mozilla.javascript.Undefined ? "undefined"
        : "a " + (result instanceof Scriptable s ? s.getClassName() : "non-string") + " value";
  }

  /** One PAC helper as a script function; arguments arrive as JavaScript values. */
  private static final class Helper extends BaseFunction {
    private static final long serialVersionUID = 1L;
    private final String helper;
    private final transient PacFunctions functions;

    Helper(String helper, PacFunctions functions) {
      this.helper = helper;
      this.functions = functions;
    }

    @Override
    public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
      Object[] plain = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        plain[i] = args[i] instanceof Number ? args[i] : Context.toString(args[i]);
      }
      return functions.call(helper, plain);
    }

    @Override
    public String getFunctionName() {
      return helper;
    }
  }
}
