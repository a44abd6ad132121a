// A hostile script: tries to read the user's home directory through Java.
function FindProxyForURL(url, host) {
  return "PROXY " + java.lang.System.getProperty("user.home") + ":1";
}
