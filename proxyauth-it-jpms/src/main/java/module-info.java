/** An application on the module path that uses proxyauth the way the README says. */
module io.github.proxyauth.it.jpms {
  requires io.github.proxyauth.okhttp;
  requires io.github.proxyauth.jdkhttp;
}
