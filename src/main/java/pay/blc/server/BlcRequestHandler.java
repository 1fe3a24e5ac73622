package pay.blc.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pay.blc.BlcJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns one request into one reply (or into "close without a reply") with the reference server's checks,
 * in the reference server's order, and its exact error strings. Blocking: it reads and changes the ledger.
 */
final class BlcRequestHandler {

    /** The reference server's difficulty rises by one for every this many coins mined. */
    static final long COINS_PER_DIFFICULTY_STEP = 205_000;

    static final String INVALID_CREDENTIALS = "Your address or password was invalid";

    private final BlcLedger ledger;
    private final int baseDifficulty;
    private final Map<String, Command> commands;

    BlcRequestHandler(BlcLedger ledger, int baseDifficulty) {
        this.ledger = ledger;
        this.baseDifficulty = baseDifficulty;
        Command sendCoin = new Command(List.of("amount", "to", "addr", "pwd"), this::sendCoin);
        this.commands = Map.of(
                "register", new Command(List.of("addr", "pwd"), this::register),
                "check_addr", new Command(List.of("addr"), this::checkAddr),
                "my_coins", new Command(List.of("addr", "pwd"), this::myCoins),
                "transactions", new Command(List.of("addr", "pwd"), this::transactions),
                "send_coin", sendCoin,
                // Pay's spec says send_coins; the reference has no such command. Accepted here as an alias.
                "send_coins", sendCoin,
                "get_coin", new Command(List.of(),
                        request -> BlcJson.success(BlcJson.object().put("difficulty", difficulty()))),
                "check", new Command(List.of("winning_string", "winning_hash", "addr"), this::check),
                "total_coins", new Command(List.of(),
                        request -> BlcJson.success(BlcJson.object().put("amount", ledger.totalCoins()))));
    }

    /**
     * What became of a request: the command it named (null if none was recognised) and the reply to send,
     * or no reply, in which case the connection is closed at once as the reference server would leave it.
     */
    record Outcome(String command, Optional<ObjectNode> reply) {
        static Outcome silent(String command) {
            return new Outcome(command, Optional.empty());
        }

        static Outcome reply(String command, ObjectNode reply) {
            return new Outcome(command, Optional.of(reply));
        }
    }

    private record Command(List<String> requiredKeys, Function<ObjectNode, ObjectNode> run) {
    }

    Outcome handle(byte[] request) {
        // 1. Parse.
        BlcJson.Decoded decoded = BlcJson.decode(request);
        if (decoded instanceof BlcJson.Decoded.NotJson notJson) {
            return Outcome.reply(null, BlcJson.unparseableRequest(notJson.text()));
        }
        if (!(decoded instanceof BlcJson.Decoded.Value value && value.json() instanceof ObjectNode fields)) {
            return Outcome.silent(null);
        }
        // 2. Look up the command: none, not a string or unknown → no reply.
        JsonNode cmd = fields.get("cmd");
        Command command = cmd != null && cmd.isTextual() ? commands.get(cmd.textValue()) : null;
        if (command == null) {
            return Outcome.silent(null);
        }
        String name = cmd.textValue();
        // 3. The password becomes sha256(pwd) unless the client says it already is one.
        JsonNode pwd = fields.get("pwd");
        if (pwd != null && !fields.has("x-pre-hashed")) {
            if (!pwd.isTextual()) {
                // The reference's hashlib raises TypeError outside its error handling: nothing is sent.
                return Outcome.silent(name);
            }
            if (!isAscii(pwd.textValue())) {
                // Python 2 hashes a unicode pwd by encoding it as ASCII; anything else fails to encode.
                return Outcome.reply(name, BlcJson.failure("Unable to decode request JSON"));
            }
            fields.put("pwd", sha256Hex(pwd.textValue()));
        }
        // 4. Required keys, in the command's order; present with any value (even empty) is enough.
        List<String> missing = command.requiredKeys().stream().filter(key -> !fields.has(key)).toList();
        if (!missing.isEmpty()) {
            return Outcome.reply(name, BlcJson.failure("Missing keys: " + String.join(", ", missing)));
        }
        // 5. Run.
        return Outcome.reply(name, command.run().apply(fields));
    }

    private ObjectNode register(ObjectNode request) {
        JsonNode addr = request.get("addr");
        JsonNode pwd = request.get("pwd");
        // Python counts code points; a non-string address (or an x-pre-hashed non-string pwd) made the
        // reference crash or store junk, here it is simply refused.
        if (!addr.isTextual() || addr.textValue().codePointCount(0, addr.textValue().length()) != 40
                || !pwd.isTextual()) {
            return BlcJson.failure("Registration unsuccessful");
        }
        if (!ledger.register(addr.textValue(), credentialDigest(pwd.textValue()))) {
            return BlcJson.failure("That address already exists");
        }
        return BlcJson.success(BlcJson.object().put("addr", addr.textValue()));
    }

    private ObjectNode checkAddr(ObjectNode request) {
        JsonNode addr = request.get("addr");
        long amount = addr.isTextual() ? ledger.balanceOf(addr.textValue()) : 0;
        ObjectNode payload = BlcJson.object().put("amount", amount);
        payload.set("addr", addr);
        return BlcJson.success(payload);
    }

    private ObjectNode myCoins(ObjectNode request) {
        return authenticated(request)
                .map(addr -> BlcJson.success(BlcJson.object().put("amount", ledger.balanceOf(addr))))
                .orElseGet(() -> BlcJson.failure(INVALID_CREDENTIALS));
    }

    private ObjectNode transactions(ObjectNode request) {
        return authenticated(request).map(addr -> {
            ArrayNode items = BlcJson.array();
            ledger.transfersOf(addr).forEach(transfer -> items.add(transferItem(transfer.to(), transfer.amount(),
                    transfer.from())));
            ObjectNode payload = BlcJson.object();
            payload.set("transactions", items);
            return BlcJson.success(payload);
        }).orElseGet(() -> BlcJson.failure(INVALID_CREDENTIALS));
    }

    private ObjectNode sendCoin(ObjectNode request) {
        Optional<String> sender = authenticated(request);
        if (sender.isEmpty()) {
            return BlcJson.failure(INVALID_CREDENTIALS);
        }
        JsonNode to = request.get("to");
        if (!to.isTextual() || !ledger.isRegistered(to.textValue())) {
            return BlcJson.failure("The given recipient does not exist");
        }
        RequestedAmount amount = RequestedAmount.of(request.get("amount"));
        if (amount.isAtMostZero()) {
            return BlcJson.failure("Amount must be one or more");
        }
        if (amount.exceeds(ledger.balanceOf(sender.get()))) {
            return BlcJson.failure("You don't have enough coins");
        }
        if (!(amount instanceof RequestedAmount.WholeCoins whole)) {
            return BlcJson.failure("Amount must be a whole number");
        }
        // Fits in a long: it did not exceed a balance. The ledger re-checks the balance atomically, so a
        // concurrent spend between the check above and this transfer cannot overdraw.
        long coins = whole.coins().longValueExact();
        if (!ledger.transfer(sender.get(), to.textValue(), coins)) {
            return BlcJson.failure("You don't have enough coins");
        }
        return BlcJson.success(transferItem(to.textValue(), coins, sender.get()));
    }

    private ObjectNode check(ObjectNode request) {
        JsonNode addr = request.get("addr");
        if (!addr.isTextual() || !ledger.isRegistered(addr.textValue())) {
            return BlcJson.failure("Your address does not exist");
        }
        JsonNode winningString = request.get("winning_string");
        JsonNode winningHash = request.get("winning_hash");
        boolean accepted = winningString.isTextual() && winningHash.isTextual()
                && winningHash.textValue().equals(sha512Hex(winningString.textValue()))
                && winningHash.textValue().startsWith("0".repeat(difficulty()))
                && ledger.mint(winningHash.textValue(), addr.textValue());
        // The reference is deliberately vague about why a coin was refused.
        return accepted ? BlcJson.success(BlcJson.object().put("hash", winningHash.textValue()))
                : BlcJson.failure("Something went wrong");
    }

    private int difficulty() {
        return Math.toIntExact(ledger.totalCoins() / COINS_PER_DIFFICULTY_STEP + baseDifficulty);
    }

    /** The address whose (already hashed) pwd matches, if any. A non-string addr or pwd matches nothing. */
    private Optional<String> authenticated(ObjectNode request) {
        JsonNode addr = request.get("addr");
        JsonNode pwd = request.get("pwd");
        if (!addr.isTextual() || !pwd.isTextual()) {
            return Optional.empty();
        }
        byte[] presented = credentialDigest(pwd.textValue()).getBytes(StandardCharsets.US_ASCII);
        return ledger.credentialOf(addr.textValue())
                .filter(stored -> MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), presented))
                .map(stored -> addr.textValue());
    }

    /** Key order of a transfer in the reference's replies: to, amount, from. */
    private static ObjectNode transferItem(String to, long amount, String from) {
        return BlcJson.object().put("to", to).put("amount", amount).put("from", from);
    }

    /** What the ledger stores for a credential: never the credential itself. */
    private static String credentialDigest(String credential) {
        return sha256Hex(credential);
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    private static String sha256Hex(String text) {
        return hexDigest("SHA-256", text);
    }

    /** Mining hashes the string's UTF-8 bytes (the reference only ever saw ASCII winning strings). */
    private static String sha512Hex(String text) {
        return hexDigest("SHA-512", text);
    }

    private static String hexDigest(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + algorithm, e);
        }
    }
}
