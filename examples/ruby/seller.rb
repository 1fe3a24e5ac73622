#!/usr/bin/env ruby
# A seller's whole Pay integration in Ruby: the standard library (net/http, openssl, json, uri) and
# WEBrick for the listener (a gem since Ruby 3.0: Debian's ruby-webrick, or `gem install webrick`).
#
# Creates an invoice (step 2), shows the customer where to pay (step 4), receives Pay's
# notification (step 6), checks its Pay-Signature, echoes it back with _confirm (6a) and
# delivers the order on VERIFIED (6b -> 7).
require "json"
require "logger"
require "net/http"
require "openssl"
require "uri"
require "webrick"

PAY_URL = ENV.fetch("PAY_URL", "http://127.0.0.1:8080")
API_KEY = ENV.fetch("PAY_API_KEY")
SIGNING_SECRET = ENV.fetch("PAY_SIGNING_SECRET")
PAYOUT_ADDR = ENV.fetch("PAY_PAYOUT_ADDR")
LISTEN_PORT = Integer(ENV.fetch("LISTEN_PORT", "9000"))
SIGNATURE_TOLERANCE_SECONDS = 300
PRICE = 3
$stdout.sync = true

def post_form(fields)
  reply = Net::HTTP.post_form(URI("#{PAY_URL}/pay"), fields)
  raise "Pay refused the request: HTTP #{reply.code} #{reply.body}" unless reply.is_a?(Net::HTTPSuccess)
  reply.body
end

# Pay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.
def signature_valid?(header, raw_body)
  entries = header.to_s.split(",").map { |entry| entry.split("=", 2) }
  timestamps = entries.select { |name, _| name == "t" }.map(&:last)
  return false unless timestamps.size == 1 && timestamps[0].match?(/\A\d+\z/)
  # A stale timestamp means a captured notification is being replayed at us.
  return false if (Time.now.to_i - Integer(timestamps[0], 10)).abs > SIGNATURE_TOLERANCE_SECONDS

  expected = OpenSSL::HMAC.hexdigest("SHA256", SIGNING_SECRET, "#{timestamps[0]}.#{raw_body}")
  # secure_compare takes the same time wherever the strings differ, so the signature cannot be guessed byte by byte.
  entries.any? { |name, value| name == "v1" && OpenSSL.secure_compare(expected, value.to_s) }
end

verified = Queue.new
invoice = nil
server = WEBrick::HTTPServer.new(BindAddress: "127.0.0.1", Port: LISTEN_PORT,
                                 Logger: Logger.new(nil), AccessLog: [])
server.mount_proc("/ipn") do |request, response|
  # The signature covers the bytes Pay sent: verify them before any parsing or decoding.
  raw_body = request.body.to_s
  unless signature_valid?(request["Pay-Signature"], raw_body)
    puts "Refused a notification with a missing or bad Pay-Signature"
    response.status = 400
    next
  end
  fields = URI.decode_www_form(raw_body)
  notification = fields.to_h
  puts "Notification for #{notification['txn_id']}: #{notification['status']}, " \
       "#{notification['amount']} BLC from #{notification['from']}"
  if notification["txn_id"] == invoice["txn_id"] && %w[paid overpaid].include?(notification["status"])
    # Echoing every field back lets Pay confirm the notification is genuine and unchanged; a verified
    # echo is also what releases the coins to payout_addr.
    verdict = post_form(fields + [["_confirm", "1"]])
    if verdict == "VERIFIED"
      # Step 7: mark the order paid (once per notification_id: deliveries can repeat).
      puts "VERIFIED: order #{notification['sell_order']} is paid, shipping it"
      verified << notification["txn_id"]
    else
      puts "Pay answered #{verdict}: not shipping"
    end
  end
  # Any 2xx tells Pay the notification arrived; anything else makes it try again later.
  response.status = 200
end
listener = Thread.new { server.start }

invoice = JSON.parse(post_form("price" => PRICE, "api_key" => API_KEY, "payout_addr" => PAYOUT_ADDR,
                               "listen_url" => "http://127.0.0.1:#{LISTEN_PORT}/ipn",
                               "sell_order" => "book-42", "sell_note" => "Grüße & thanks"))
puts "Invoice #{invoice['txn_id']}: pay #{invoice['price']} BLC to #{invoice['address']} before #{invoice['expires_at']}"

verified.pop
server.shutdown
listener.join # WEBrick lets the notification being handled get its 200 before start returns
