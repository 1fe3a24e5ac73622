<?php
// A seller's whole Pay integration in plain PHP (php-cli, no extensions beyond the defaults).
//
// Run as `php seller.php`: it starts PHP's built-in web server (`php -S`) with this same file as
// the router for its listen_url, creates an invoice (step 2) and shows where to pay (step 4).
// The web server half receives Pay's notification (step 6), checks its Pay-Signature, echoes it
// back with _confirm (6a) and, on VERIFIED (6b), ships the order (7) and tells the first half.

const SIGNATURE_TOLERANCE_SECONDS = 300;
const PRICE = 3;

function env(string $name, ?string $default = null): string
{
    $value = getenv($name);
    if ($value === false && $default === null) {
        fwrite(STDERR, "Set $name\n");
        exit(2);
    }
    return $value === false ? $default : $value;
}

/** POSTs form-encoded $body to Pay's one endpoint and returns the reply's text. */
function post_to_pay(string $body): string
{
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/x-www-form-urlencoded\r\n",
        'content' => $body,
        'ignore_errors' => true, // keep the reply body of a 4xx: it says what was wrong
    ]]);
    $reply = file_get_contents(env('PAY_URL', 'http://127.0.0.1:8080') . '/pay', false, $context);
    if ($reply === false || !preg_match('{^HTTP/\S+ 2\d\d}', $http_response_header[0] ?? '')) {
        throw new RuntimeException('Pay refused the request: ' . ($http_response_header[0] ?? 'no answer') . " $reply");
    }
    return $reply;
}

/** Pay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>. */
function signature_is_valid(string $header, string $rawBody): bool
{
    $timestamps = [];
    $signatures = [];
    foreach (explode(',', $header) as $entry) {
        [$name, $value] = array_pad(explode('=', $entry, 2), 2, '');
        if ($name === 't') {
            $timestamps[] = $value;
        } elseif ($name === 'v1') {
            $signatures[] = $value;
        }
    }
    if (count($timestamps) !== 1 || !ctype_digit($timestamps[0])) {
        return false;
    }
    // A stale timestamp means a captured notification is being replayed at us.
    if (abs(time() - (int) $timestamps[0]) > SIGNATURE_TOLERANCE_SECONDS) {
        return false;
    }
    $expected = hash_hmac('sha256', $timestamps[0] . '.' . $rawBody, env('PAY_SIGNING_SECRET'));
    foreach ($signatures as $signature) {
        // hash_equals takes the same time wherever the strings differ, so the signature cannot be guessed.
        if (hash_equals($expected, $signature)) {
            return true;
        }
    }
    return false;
}

/** The web server half: Pay's step-6 POST to listen_url. */
function handle_notification(string $orderFile, string $shippedFile): void
{
    // The signature covers the bytes Pay sent, so read them raw: $_POST is decoded (and PHP even
    // rewrites '.' and ' ' in field names to '_', which would also spoil the echo).
    $rawBody = file_get_contents('php://input');
    if (!signature_is_valid($_SERVER['HTTP_PAY_SIGNATURE'] ?? '', $rawBody)) {
        error_log('Refused a notification with a missing or bad Pay-Signature');
        http_response_code(400);
        return;
    }
    parse_str($rawBody, $notification);
    error_log("Notification for {$notification['txn_id']}: {$notification['status']}, "
        . "{$notification['amount']} BLC from {$notification['from']}");
    $ourTxnId = file_get_contents($orderFile);
    if ($notification['txn_id'] === $ourTxnId && in_array($notification['status'], ['paid', 'overpaid'], true)) {
        // Echoing every field back, exactly as received, lets Pay confirm the notification is genuine
        // and unchanged; a verified echo is also what releases the coins to payout_addr.
        $verdict = post_to_pay($rawBody . '&_confirm=1');
        if ($verdict === 'VERIFIED') {
            // Step 7: mark the order paid (once per notification_id: deliveries can repeat).
            file_put_contents($shippedFile, $notification['sell_order']);
        } else {
            error_log("Pay answered $verdict: not shipping");
        }
    }
    // Any 2xx tells Pay the notification arrived; anything else makes it try again later.
    http_response_code(200);
}

/** The command-line half: start the listener, create the invoice, wait for the order to ship. */
function main(): int
{
    $port = (int) env('LISTEN_PORT', '9000');
    $orderFile = tempnam(sys_get_temp_dir(), 'pay-order');
    $shippedFile = $orderFile . '.shipped';
    $listener = proc_open([PHP_BINARY, '-S', "127.0.0.1:$port", __FILE__],
        [0 => ['file', '/dev/null', 'r'], 1 => STDERR, 2 => STDERR], $pipes,
        null, getenv() + ['PAY_ORDER_FILE' => $orderFile]);
    try {
        $deadline = time() + 10;
        while (!($probe = @fsockopen('127.0.0.1', $port)) && time() < $deadline) {
            usleep(50_000);
        }
        if (!$probe) {
            throw new RuntimeException("the listener did not start on port $port");
        }
        fclose($probe);

        $invoice = json_decode(post_to_pay(http_build_query([
            'price' => PRICE,
            'api_key' => env('PAY_API_KEY'),
            'payout_addr' => env('PAY_PAYOUT_ADDR'),
            'listen_url' => "http://127.0.0.1:$port/ipn",
            'sell_order' => 'book-42',
            'sell_note' => 'Grüße & thanks',
        ])), true);
        file_put_contents($orderFile, $invoice['txn_id']);
        echo "Invoice {$invoice['txn_id']}: pay {$invoice['price']} BLC to {$invoice['address']} "
            . "before {$invoice['expires_at']}\n";

        // The web server is another process: it leaves a file behind when the order has shipped.
        while (!file_exists($shippedFile)) {
            usleep(200_000);
        }
        // php -S serves one request at a time: once it answers this one, Pay has had its 200.
        file_get_contents("http://127.0.0.1:$port/ipn");
        echo 'VERIFIED: order ' . file_get_contents($shippedFile) . " is paid, shipping it\n";
        return 0;
    } finally {
        proc_terminate($listener);
        proc_close($listener);
        @unlink($orderFile);
        @unlink($shippedFile);
    }
}

if (PHP_SAPI === 'cli-server') {
    if ($_SERVER['REQUEST_METHOD'] === 'POST') {
        $orderFile = getenv('PAY_ORDER_FILE');
        handle_notification($orderFile, $orderFile . '.shipped');
    } else {
        http_response_code(204);
    }
} else {
    exit(main());
}
