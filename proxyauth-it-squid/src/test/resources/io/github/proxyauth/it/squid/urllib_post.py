# POSTs a body through an explicit HTTP proxy with Python's urllib (no environment proxies).
# Arguments: proxy URL, target URL, CA file of the HTTPS origin, body.
# Prints "STATUS <code>", then "BODY <text>" or "Proxy-Auth-Diagnosis: <value>";
# a refused CONNECT prints "ERROR Tunnel connection failed: <code> <reason>".
import ssl
import sys
import urllib.error
import urllib.request

proxy, url, cafile, body = sys.argv[1:5]
context = ssl.create_default_context(cafile=cafile)
opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({"http": proxy, "https": proxy}),
    urllib.request.HTTPSHandler(context=context))
request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST")
try:
    with opener.open(request, timeout=30) as response:
        print("STATUS", response.status)
        print("BODY", response.read().decode("utf-8"))
except urllib.error.HTTPError as e:
    print("STATUS", e.code)
    print("Proxy-Auth-Diagnosis:", e.headers.get("Proxy-Auth-Diagnosis", ""))
    sys.exit(2)
except urllib.error.URLError as e:
    print("ERROR", e.reason)
    sys.exit(3)
