package pay.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import pay.invoice.Invoice;
import pay.invoice.InvoiceAction;
import pay.invoice.InvoiceAdmin;
import pay.invoice.InvoiceState;
import pay.invoice.NotificationAttempt;
import pay.store.Database;
import pay.store.InvoiceStore;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pay invoices}: look at invoices and act on stuck ones, while Pay runs (or not). */
@Command(name = "invoices", mixinStandardHelpOptions = true,
        description = {"List invoices, show one with its delivery log, resend a notification, or release an",
                "unconfirmed invoice to payout or refund. Actions are idempotent and logged; a running Pay",
                "carries them out on its next pending-work tick."},
        subcommands = CommandLine.HelpCommand.class)
public final class InvoicesCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Invoices, newest first, with a count by state.")
    int list(@Mixin DataOptions data,
             @Option(names = "--state", paramLabel = "STATE",
                     description = "Only this state: ${COMPLETION-CANDIDATES}.", converter = StateConverter.class,
                     completionCandidates = States.class) InvoiceState state,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                     description = "At most N invoices (default: ${DEFAULT-VALUE}).") int limit) {
        return withAdmin(data, admin -> {
            PrintWriter out = out();
            String counts = admin.countByState().entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getKey().wireName() + " " + e.getValue()).reduce((a, b) -> a + ", " + b)
                    .orElse("no invoices yet");
            out.println(counts);
            String row = "%-24s %-16s %-13s %7s %9s  %s%n";
            out.printf(row, "TXN_ID", "STATE", "STATUS", "PRICE", "RECEIVED", "CREATED");
            for (Invoice invoice : admin.list(state, limit)) {
                out.printf(row, invoice.txnId(), invoice.state().wireName(),
                        invoice.paymentStatus() == null ? "-" : invoice.paymentStatus().wireName(), invoice.price(),
                        invoice.received(), TIME.format(invoice.createdAt()));
            }
            return CommandLine.ExitCode.OK;
        });
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One invoice, its delivery attempts and admin actions.")
    int show(@Mixin DataOptions data, @Parameters(paramLabel = "TXN_ID") String txnId) {
        return withAdmin(data, admin -> {
            Optional<Invoice> found = admin.find(txnId);
            if (found.isEmpty()) {
                return unknown(txnId);
            }
            Invoice invoice = found.get();
            PrintWriter out = out();
            out.printf("txn_id          %s%n", invoice.txnId());
            out.printf("state           %s%n", invoice.state().wireName());
            out.printf("status          %s%n", invoice.paymentStatus() == null ? "-" : invoice.paymentStatus().wireName());
            out.printf("price           %d BLC%n", invoice.price());
            out.printf("received        %d BLC from %s%n", invoice.received(),
                    invoice.senders().isEmpty() ? "nobody yet" : String.join(", ", invoice.senders()));
            out.printf("paid out        %d BLC to %s, fee %d BLC%n", invoice.paidOut(), invoice.payoutAddr(), invoice.fee());
            out.printf("deposit address %s%n", invoice.address());
            out.printf("listen_url      %s%n", invoice.listenUrl());
            out.printf("created         %s, expires %s%n", TIME.format(invoice.createdAt()), TIME.format(invoice.expiresAt()));
            for (Map.Entry<String, String> field : invoice.sellFields().entrySet()) {
                out.printf("%-15s %s%n", field.getKey(), field.getValue());
            }
            List<NotificationAttempt> attempts = admin.attempts(txnId);
            out.printf("deliveries      %s%n", attempts.isEmpty() ? "none yet" : "");
            for (NotificationAttempt attempt : attempts) {
                out.printf("  %s  #%d %s  %s  %s%n", TIME.format(attempt.at()), attempt.attempt(), attempt.deliveryId(),
                        attempt.httpStatus() == null ? "no answer" : "HTTP " + attempt.httpStatus(),
                        attempt.delivered() ? "delivered" : attempt.error());
            }
            for (InvoiceAction action : admin.actions(txnId)) {
                out.printf("admin           %s  %s: %s%n", TIME.format(action.at()), action.action(), action.outcome());
            }
            return CommandLine.ExitCode.OK;
        });
    }

    @Command(name = "resend", mixinStandardHelpOptions = true,
            description = {"Deliver the invoice's latest notification again, now (paid, notified or parked invoices).",
                    "With --all-parked instead of a TXN_ID: every parked invoice, with a progress line."})
    int resend(@Mixin DataOptions data, @Parameters(paramLabel = "TXN_ID", arity = "0..1") String txnId,
               @Option(names = "--all-parked", description = "Resend every parked invoice.") boolean allParked) {
        if (allParked == (txnId != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Give either a TXN_ID or --all-parked.");
        }
        if (txnId != null) {
            return act(data, txnId, "Notification of %s will be delivered again.", InvoiceAdmin::resend);
        }
        return withAdmin(data, admin -> {
            List<Invoice> parked = admin.list(InvoiceState.PARKED, Integer.MAX_VALUE);
            PrintWriter err = spec.commandLine().getErr();
            int done = 0;
            int resent = 0;
            for (Invoice invoice : parked) {
                resent += admin.resend(invoice.txnId()) ? 1 : 0;
                done++;
                err.printf("\rresending parked notifications: %d/%d", done, parked.size());
                err.flush();
            }
            err.println();
            out().printf("%d of %d parked invoices will be delivered again.%n", resent, parked.size());
            return CommandLine.ExitCode.OK;
        });
    }

    /** Exactly one of --payout or --refund. */
    static final class Release {
        @Option(names = "--payout", required = true, description = "Pay the coins out to the seller.")
        boolean payout;
        @Option(names = "--refund", required = true, description = "Send the coins back to their senders.")
        boolean refund;
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release an unconfirmed (e.g. parked) invoice: pay it out, or refund it.")
    int release(@Mixin DataOptions data, @Parameters(paramLabel = "TXN_ID") String txnId,
                @ArgGroup(exclusive = true, multiplicity = "1") Release how) {
        return how.payout
                ? act(data, txnId, "%s is released for payout.", InvoiceAdmin::releasePayout)
                : act(data, txnId, "%s is released for refund.", InvoiceAdmin::releaseRefund);
    }

    private int act(DataOptions data, String txnId, String done, ActionOnInvoice action) {
        return withAdmin(data, admin -> {
            Optional<Invoice> found = admin.find(txnId);
            if (found.isEmpty()) {
                return unknown(txnId);
            }
            if (action.apply(admin, txnId)) {
                out().printf(done + "%n", txnId);
            } else {
                out().printf("Nothing to do: %s is %s.%n", txnId, admin.find(txnId).orElseThrow().state().wireName());
            }
            return CommandLine.ExitCode.OK;
        });
    }

    @FunctionalInterface
    private interface ActionOnInvoice {
        boolean apply(InvoiceAdmin admin, String txnId);
    }

    private int unknown(String txnId) {
        spec.commandLine().getErr().println("No invoice has the id " + txnId + ".");
        return CommandLine.ExitCode.SOFTWARE;
    }

    private <T> T withAdmin(DataOptions data, Function<InvoiceAdmin, T> use) {
        try (Database database = Database.open(data.databaseSettings(System.getenv()))) {
            return use.apply(new InvoiceAdmin(new InvoiceStore(database.dataSource()), Clock.systemUTC()));
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static final class StateConverter implements CommandLine.ITypeConverter<InvoiceState> {
        @Override
        public InvoiceState convert(String value) {
            return InvoiceState.fromWire(value);
        }
    }

    static final class States implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(InvoiceState.values()).map(InvoiceState::wireName).iterator();
        }
    }
}
