"""Runs exchangelib's own Autodiscovery (POX or SOAP) against a Bourse server or test host on 127.0.0.1.

Usage: /usr/bin/python3 exchangelib_autodiscover.py PORT MODE AUTH DOMAINS EMAIL LOGIN PASSWORD
  MODE     pox or soap
  AUTH     auto (exchangelib's own choice among the server's challenges: NTLM via requests-ntlm when offered;
           "ntlm" means the same) or basic (the client picks Basic from the same challenges; POX only)
  DOMAINS  comma-separated test domains, e.g. contoso.com,fabrikam.com
Prints one JSON object: {"ews_url": ..., "primary": ..., ...} or {"error": ClassName, "message": ...}.

Nothing leaves the machine: exchangelib's DNS checks are answered here for the test domains only, SRV lookups return
nothing, and every TCP connection to a test host name is sent to 127.0.0.1:PORT instead. TLS verification is off
(self-signed test certificate), as exchangelib documents with NoVerifyHTTPAdapter.
"""
import json
import sys
import warnings

import urllib3.util.connection

from exchangelib import Credentials
from exchangelib.autodiscover import clear_cache
from exchangelib.autodiscover.discovery import pox
from exchangelib.autodiscover.discovery.base import BaseAutodiscovery
from exchangelib.autodiscover.discovery.pox import PoxAutodiscovery
from exchangelib.autodiscover.discovery.soap import SoapAutodiscovery
from exchangelib.errors import TransportError
from exchangelib.protocol import BaseProtocol, NoVerifyHTTPAdapter
from exchangelib.transport import BASIC, NOAUTH


def main():
    warnings.simplefilter("ignore")  # InsecureRequestWarning: verification is off on purpose
    port, mode, auth, domains = int(sys.argv[1]), sys.argv[2], sys.argv[3], tuple(sys.argv[4].split(","))
    email, login, password = sys.argv[5], sys.argv[6], sys.argv[7]

    def is_test_host(host):
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in domains)

    original_create_connection = urllib3.util.connection.create_connection

    def create_connection(address, *args, **kwargs):
        host, _ = address
        if not is_test_host(host) and host not in ("127.0.0.1", "localhost"):
            raise OSError(f"refusing to connect to {host}: tests only talk to 127.0.0.1")
        return original_create_connection(("127.0.0.1", port), *args, **kwargs)

    # urllib3's HTTPConnection calls util.connection.create_connection through the module, so this catches all.
    urllib3.util.connection.create_connection = create_connection

    def ensure_valid_hostname(self, url):
        from urllib.parse import urlparse
        if not is_test_host(urlparse(url).hostname or ""):
            raise TransportError("no DNS entry (test resolver)")

    BaseAutodiscovery._ensure_valid_hostname = ensure_valid_hostname
    BaseAutodiscovery._get_srv_records = lambda self, hostname: []
    BaseProtocol.HTTP_ADAPTER_CLS = NoVerifyHTTPAdapter

    if auth == "basic":
        chosen = pox.get_auth_method_from_response

        def prefer_basic(response):
            offered = ",".join(v.lower() for k, v in response.headers.items() if k.lower() == "www-authenticate")
            if response.status_code != 200 and "basic" in offered:
                return BASIC
            return chosen(response) if response.status_code != 200 else NOAUTH

        pox.get_auth_method_from_response = prefer_basic

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
    result["auth_used"] = protocol.auth_type
    result["service_endpoint"] = protocol.service_endpoint
    print(json.dumps(result))


if __name__ == "__main__":
    main()
