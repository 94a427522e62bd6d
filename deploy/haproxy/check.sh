#!/bin/sh
# Validates both example configurations with the installed haproxy (apt-get install haproxy); starts nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=mail.example.com \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
cat "$tmp/cert.pem" "$tmp/key.pem" > "$tmp/bourse.pem"
haproxy -c -f "$here/haproxy.cfg"
BOURSE_CERT="$tmp/bourse.pem" haproxy -c -f "$here/haproxy-reencrypt.cfg"
