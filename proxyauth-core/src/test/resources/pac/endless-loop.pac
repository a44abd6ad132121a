function FindProxyForURL(url, host) {
  var i = 0;
  while (true) {
    i++;
  }
  return "DIRECT";
}
