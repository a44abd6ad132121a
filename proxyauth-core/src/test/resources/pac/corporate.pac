// A typical corporate PAC file: intranet names and private ranges go direct, partners through
// their own proxy, everything else through a fail-over pair of proxies.
function FindProxyForURL(url, host) {
  if (isPlainHostName(host) || dnsDomainIs(host, ".intranet.example")
      || localHostOrDomainIs(host, "wiki.corp.example")) {
    return "DIRECT";
  }
  var ip = dnsResolve(host);
  if (ip && (isInNet(ip, "10.0.0.0", "255.0.0.0") || isInNet(ip, "192.168.0.0", "255.255.0.0"))) {
    return "DIRECT";
  }
  if (shExpMatch(host, "*.partner.example")) {
    return "PROXY partner-proxy.example:8080";
  }
  if (url.substring(0, 6) == "https:") {
    return "PROXY proxy1.corp.example:3128; PROXY proxy2.corp.example:3128; DIRECT";
  }
  return "PROXY proxy1.corp.example:3128; PROXY proxy2.corp.example:3128";
}
