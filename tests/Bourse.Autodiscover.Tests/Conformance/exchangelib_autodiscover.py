"""Runs exchangelib's own Autodiscovery (POX and SOAP) against a Bourse test host on 127.0.0.1.

Usage: /usr/bin/python3 exchangelib_autodiscover.py PORT MODE EMAIL LOGIN PASSWORD
MODE is pox or soap. Prints one JSON object: {"ews_url": ..., "primary": ..., "version": ...} or {"error": ClassName, "message": ...}.

Nothing leaves the machine: exchangelib's DNS checks are answered here for the test domains only, SRV lookups return
nothing, and every TCP connection to a test host name on port 80/443 is sent to 127.0.0.1:PORT instead.
TLS verification is off (self-signed test certificate), as exchangelib documents with NoVerifyHTTPAdapter.
"""
import json
import sys
import warnings

import urllib3.util.connection

from exchangelib import Credentials
from exchangelib.autodiscover import clear_cache
from exchangelib.autodiscover.discovery.base import BaseAutodiscovery
from exchangelib.autodiscover.discovery.pox import PoxAutodiscovery
from exchangelib.autodiscover.discovery.soap import SoapAutodiscovery
from exchangelib.errors import TransportError
from exchangelib.protocol import BaseProtocol, NoVerifyHTTPAdapter

TEST_DOMAINS = ("contoso.com", "fabrikam.com")


def is_test_host(host):
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in TEST_DOMAINS)


def main():
    warnings.simplefilter("ignore")  # InsecureRequestWarning: verification is off on purpose
    port, mode, email, login, password = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

    original_create_connection = urllib3.util.connection.create_connection

    def create_connection(address, *args, **kwargs):
        host, _ = address
        if not is_test_host(host) and host not in ("127.0.0.1", "localhost"):
            raise OSError(f"refusing to connect to {host}: tests only talk to 127.0.0.1")
        return original_create_connection(("127.0.0.1", port), *args, **kwargs)

    # urllib3 1.x's HTTPConnection calls util.connection.create_connection through the module, so this catches all.
    urllib3.util.connection.create_connection = create_connection

    def ensure_valid_hostname(self, url):
        from urllib.parse import urlparse
        if not is_test_host(urlparse(url).hostname or ""):
            raise TransportError("no DNS entry (test resolver)")

    BaseAutodiscovery._ensure_valid_hostname = ensure_valid_hostname
    BaseAutodiscovery._get_srv_records = lambda self, hostname: []
    BaseProtocol.HTTP_ADAPTER_CLS = NoVerifyHTTPAdapter

    clear_cache()
    credentials = Credentials(username=login, password=password)
    cls = PoxAutodiscovery if mode == "pox" else SoapAutodiscovery
    try:
        ad, protocol = cls(email=email, credentials=credentials).discover()
    except Exception as e:  # report any failure as data for the C# test to assert on
        print(json.dumps({"error": type(e).__name__, "message": str(e)}))
        return

    if mode == "pox":
        result = {
            "ews_url": ad.protocol.ews_url,
            "primary": ad.autodiscover_smtp_address,
            "display_name": ad.user.display_name,
            "version": str(ad.version.build) if ad.version else None,
            "api_version": ad.version.api_version if ad.version else None,
            "auth_type": ad.protocol.auth_type,
        }
    else:
        result = {
            "ews_url": ad.ews_url,
            "primary": ad.autodiscover_smtp_address,
            "display_name": ad.user_settings.get("user_display_name"),
            "api_version": ad.version.api_version if ad.version else None,
        }
    result["service_endpoint"] = protocol.service_endpoint
    print(json.dumps(result))


if __name__ == "__main__":
    main()
