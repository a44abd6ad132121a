// Business hours on weekdays go through the inspecting proxy, the rest through the night proxy.
function FindProxyForURL(url, host) {
  if (weekdayRange("MON", "FRI") && timeRange(8, 17)) {
    return "PROXY day.example:3128";
  }
  return "PROXY night.example:3128";
}
