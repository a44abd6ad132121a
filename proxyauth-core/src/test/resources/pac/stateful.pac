var calls = 0;
function FindProxyForURL(url, host) {
  calls++;
  return "PROXY p" + calls + ".example:3128";
}
