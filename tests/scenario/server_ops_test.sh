#!/usr/bin/env bash
# `daylight serve` as operations see it: it says when it listens, answers /healthz and /metrics,
# gives JSON errors for unknown paths, wrong methods and oversized bodies, logs route patterns
# but never paths, serves HTTPS with a certificate, and exits 0 soon after SIGTERM.
source "$(dirname "$0")/lib.sh" "$1"

# Usage errors, before anything listens.
touch cert.pem key.pem
expect_exit "a certificate without its key is refused" 2 dl serve --tls-cert cert.pem
expect_contains "the error names the missing flag" "$OUT" "--tls-cert given without --tls-key"
expect_exit "a key without its certificate is refused" 2 dl serve --tls-key key.pem
expect_contains "the error names the missing flag" "$OUT" "--tls-key given without --tls-cert"
expect_exit "a malformed --listen is refused" 2 dl serve --listen 8080
expect_exit "a store that does not exist is an error" 1 dl serve --db missing.db --listen 127.0.0.1:0
expect_contains "help teaches the readiness line" "$(dl serve --help)" "serving on http://127.0.0.1:8080"

dl init >/dev/null
start_server server.log --bench-trivial-route
expect_contains "serving on an http URL" "$URL" "http://127.0.0.1:"

out=$(curl -s -o body.txt -w '%{http_code} %{content_type}' "$URL/healthz")
expect_contains "/healthz is 200 JSON" "$out" "200 application/json"
expect_contains "/healthz says ok" "$(cat body.txt)" '{"status":"ok"}'

headers=$(curl -s -D - -o /dev/null "$URL/healthz")
expect_contains "nosniff on every response" "$headers" "X-Content-Type-Options: nosniff"
expect_contains "no referrer" "$headers" "Referrer-Policy: no-referrer"
expect_contains "no framing" "$headers" "X-Frame-Options: DENY"
expect_contains "no caching of answers" "$headers" "Cache-Control: no-store"

# An identifier in an unknown path: 404 JSON, and the log must not hold it.
out=$(curl -s -o body.txt -w '%{http_code}' "$URL/subjects/email:ann@example.com?q=secret-query")
expect_contains "unknown path is 404" "$out" "404"
expect_contains "404 is a JSON error" "$(cat body.txt)" '"code":"not_found"'

out=$(curl -s -D - -o body.txt -X POST "$URL/healthz")
expect_contains "wrong method is 405" "$out" "405"
expect_contains "405 says which methods are allowed" "$out" "Allow: GET"
expect_contains "405 is a JSON error" "$(cat body.txt)" '"code":"method_not_allowed"'

head -c 2000000 /dev/zero | tr '\0' 'a' >big.txt
out=$(curl -s -o body.txt -w '%{http_code}' --data-binary @big.txt -H 'Content-Type: application/json' "$URL/bench/ok")
expect_contains "a 2 MB body is refused with 413" "$out" "413"
expect_contains "413 is a JSON error" "$(cat body.txt)" '"code":"too_large"'
out=$(curl -s -w ' %{http_code}' --data-binary 'small' "$URL/bench/ok")
expect_contains "a small body is fine" "$out" "OK 200"

# Keep-alive: curl re-uses one connection for two requests.
out=$(curl -sv "$URL/bench/ok" "$URL/bench/ok" 2>&1)
expect_contains "keep-alive connection re-used" "$out" "Re-using existing connection"

metrics=$(curl -s "$URL/metrics")
expect_contains "request counter by route, method and code" "$metrics" 'daylight_http_requests_total{route="/healthz",method="GET",code="200"} 2'
expect_contains "unknown paths are counted as unmatched" "$metrics" 'daylight_http_requests_total{route="unmatched",method="GET",code="404"} 1'
expect_contains "the 413 is counted" "$metrics" 'code="413"'
expect_contains "latency histogram" "$metrics" 'daylight_http_request_duration_seconds_bucket{route="/bench/ok",method="GET",le="0.0005"}'
expect_contains "histogram has HELP/TYPE" "$metrics" '# TYPE daylight_http_request_duration_seconds histogram'
expect_contains "executor queue gauge" "$metrics" 'daylight_executor_pending_jobs{executor="work"} 0'
expect_contains "uptime" "$metrics" 'daylight_process_uptime_seconds '
expect_not_contains "no path in the metrics" "$metrics" "ann@example.com"

stop_server "http"
log=$(cat server.log)
expect_contains "access log names the route pattern" "$log" "route=/healthz status=200"
expect_contains "unknown paths are logged as unmatched" "$log" "route=unmatched status=404"
expect_not_contains "the log holds no identifier from a path" "$log" "ann@example.com"
expect_not_contains "the log holds no query" "$log" "secret-query"
expect_contains "logfmt lines have a timestamp" "$log" "ts=20"
expect_contains "shutdown is logged" "$log" "msg=stopped"

# HTTPS with a self-signed certificate.
openssl req -x509 -newkey rsa:2048 -nodes -keyout tls.key -out tls.crt -days 1 \
  -subj "/CN=127.0.0.1" >/dev/null 2>&1
chmod 600 tls.key
expect_exit "an unusable key file is refused" 2 dl serve --listen 127.0.0.1:0 --tls-cert tls.crt --tls-key cert.pem
start_server tls.log --tls-cert tls.crt --tls-key tls.key
expect_contains "serving on an https URL" "$URL" "https://127.0.0.1:"
out=$(curl -sk -D - -o body.txt "$URL/healthz")
expect_contains "/healthz over TLS" "$(cat body.txt)" '{"status":"ok"}'
expect_contains "HSTS under TLS" "$out" "Strict-Transport-Security"
stop_server "https"

finish
