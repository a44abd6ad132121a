// Tries to survive being stopped by catching and looping again.
function FindProxyForURL(url, host) {
  for (;;) {
    try {
      for (;;) {}
    } catch (e) {
    } finally {
      continue;
    }
  }
}
