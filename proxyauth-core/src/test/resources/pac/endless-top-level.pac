while (true) {}
function FindProxyForURL(url, host) { return "DIRECT"; }
