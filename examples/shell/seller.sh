#!/usr/bin/env bash
# A seller's whole Pay integration in bash: curl talks to Pay, openssl computes the HMAC, and socat
# hands each TCP connection of the listen_url to this same script, which reads the HTTP request itself.
#
# Creates an invoice (step 2), shows the customer where to pay (step 4), receives Pay's
# notification (step 6), checks its Pay-Signature, echoes it back with _confirm (6a) and
# delivers the order on VERIFIED (6b -> 7).
set -euo pipefail

PAY_URL=${PAY_URL:-http://127.0.0.1:8080}
LISTEN_PORT=${LISTEN_PORT:-9000}
: "${PAY_API_KEY:?set PAY_API_KEY}" "${PAY_SIGNING_SECRET:?set PAY_SIGNING_SECRET}" "${PAY_PAYOUT_ADDR:?set PAY_PAYOUT_ADDR}"
SIGNATURE_TOLERANCE_SECONDS=300
PRICE=3

# The value of field $1 in the form-encoded text on standard input, decoded.
form_field() {
  local pair value
  while IFS= read -r -d '&' pair || [[ -n $pair ]]; do
    if [[ ${pair%%=*} == "$1" ]]; then
      value=${pair#*=}
      value=${value//+/ }
      printf '%b\n' "${value//%/\\x}"
      return
    fi
  done
}

# Pay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>; $1 header, $2 body file.
signature_is_valid() {
  local entry timestamp='' expected diff i a b
  local -a signatures=()
  IFS=, read -ra entries <<<"$1"
  for entry in "${entries[@]}"; do
    case $entry in
      t=*) timestamp=${entry#t=} ;;
      v1=*) signatures+=("${entry#v1=}") ;;
    esac
  done
  [[ $timestamp =~ ^[0-9]{1,18}$ ]] || return 1
  # A stale timestamp means a captured notification is being replayed at us.
  local age=$(( $(date +%s) - 10#$timestamp ))
  (( age <= SIGNATURE_TOLERANCE_SECONDS && -age <= SIGNATURE_TOLERANCE_SECONDS )) || return 1
  # HMAC over the raw bytes exactly as they arrived: the body file, never a decoded copy.
  expected=$({ printf '%s.' "$timestamp"; cat "$2"; } | openssl dgst -sha256 -hmac "$PAY_SIGNING_SECRET" -r)
  expected=${expected%% *}
  for entry in "${signatures[@]}"; do
    # Compare every character whatever differs first, so timing does not reveal how much matched.
    diff=$(( ${#entry} != ${#expected} ))
    for (( i = 0; i < ${#expected}; i++ )); do
      printf -v a '%d' "'${expected:i:1}"
      printf -v b '%d' "'${entry:i:1}"
      diff=$(( diff | (a ^ b) ))
    done
    (( diff == 0 )) && return 0
  done
  return 1
}

# One HTTP request on stdin (socat's end of the connection), the answer on stdout.
handle_notification() {
  local line length=0 signature='' body status txn_id verdict
  IFS= read -r line # request line
  while IFS= read -r line && line=${line%$'\r'} && [[ -n $line ]]; do
    case ${line,,} in
      content-length:*) length=${line#*:}; length=${length//[^0-9]/} ;;
      pay-signature:*) signature=${line#*:}; signature=${signature# } ;;
    esac
  done
  body=$(mktemp)
  trap 'rm -f "$body"' RETURN
  head -c "$length" >"$body"
  if ! signature_is_valid "$signature" "$body"; then
    echo "Refused a notification with a missing or bad Pay-Signature" >&2
    printf 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
    return
  fi
  status=$(form_field status <"$body")
  txn_id=$(form_field txn_id <"$body")
  echo "Notification for $txn_id: $status, $(form_field amount <"$body") BLC from $(form_field from <"$body")" >&2
  verdict=''
  if [[ $txn_id == "$(cat "$SELLER_STATE/txn_id")" && $status =~ ^(paid|overpaid)$ ]]; then
    # Echo every field back exactly as received, plus _confirm: Pay checks the notification is
    # genuine and unchanged, and a verified echo is what releases the coins to payout_addr.
    verdict=$({ cat "$body"; printf '&_confirm=1'; } | curl -sS --fail-with-body --data-binary @- \
      -H 'Content-Type: application/x-www-form-urlencoded' "$PAY_URL/pay")
    [[ $verdict == VERIFIED ]] || echo "Pay answered $verdict: not shipping" >&2
  fi
  # Any 2xx tells Pay the notification arrived; anything else makes it try again later.
  printf 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
  if [[ $verdict == VERIFIED ]]; then
    # Tell the main script, after the 200 is written: it stops the listener as soon as it hears.
    form_field sell_order <"$body" >"$SELLER_STATE/verified"
  fi
}

if [[ ${1:-} == --handle-notification ]]; then
  handle_notification
  exit 0
fi

SELLER_STATE=$(mktemp -d)
export SELLER_STATE PAY_URL PAY_SIGNING_SECRET
socat "TCP-LISTEN:$LISTEN_PORT,bind=127.0.0.1,reuseaddr,fork" EXEC:"$0 --handle-notification" &
listener=$!
trap 'kill "$listener" 2>/dev/null; rm -rf "$SELLER_STATE"' EXIT
until (exec 3<>"/dev/tcp/127.0.0.1/$LISTEN_PORT") 2>/dev/null; do
  kill -0 "$listener" || exit 1
  sleep 0.1
done

# Asking for a form-encoded reply saves parsing JSON in the shell.
invoice=$(curl -sS --fail-with-body -H 'Accept: application/x-www-form-urlencoded' "$PAY_URL/pay" \
  -d price=$PRICE --data-urlencode "api_key=$PAY_API_KEY" --data-urlencode "payout_addr=$PAY_PAYOUT_ADDR" \
  --data-urlencode "listen_url=http://127.0.0.1:$LISTEN_PORT/ipn" \
  --data-urlencode sell_order=book-42 --data-urlencode 'sell_note=Grüße & thanks')
form_field txn_id <<<"$invoice" >"$SELLER_STATE/txn_id"
echo "Invoice $(form_field txn_id <<<"$invoice"): pay $(form_field price <<<"$invoice") BLC to" \
  "$(form_field address <<<"$invoice") before $(form_field expires_at <<<"$invoice")"

until [[ -s $SELLER_STATE/verified ]]; do
  sleep 0.2
done
echo "VERIFIED: order $(cat "$SELLER_STATE/verified") is paid, shipping it"
