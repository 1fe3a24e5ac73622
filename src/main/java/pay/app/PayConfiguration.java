package pay.app;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import pay.blc.BlcClient;
import pay.checkout.CheckoutPages;
import pay.crypto.MasterSecret;
import pay.crypto.NotificationSignature;
import pay.invoice.CreationRateLimit;
import pay.invoice.DeliverySlots;
import pay.invoice.InvoiceAdmin;
import pay.invoice.DepositAccounts;
import pay.invoice.InvoiceLimits;
import pay.invoice.ListenUrlPolicy;
import pay.invoice.Invoices;
import pay.invoice.Durations;
import pay.invoice.RetrySchedule;
import pay.invoice.WatchSchedule;
import pay.keys.ApiKeyStore;
import pay.ratelimit.RateLimit;
import pay.seller.SellerInvoices;
import pay.seller.SellerPages;
import pay.seller.SellerSignup;
import pay.seller.SignupRateLimit;
import pay.store.Database;
import pay.store.DatabaseSettings;
import pay.store.InvoiceStore;

/**
 * Builds Pay's beans from the {@code pay.*} properties and binds them under the names the YAML routes
 * use: {@code invoices}, {@code depositAccounts}, {@code sellerApi}, {@code notificationSignature},
 * {@code checkoutPage}, and those of the seller's pages; and the http component's connections
 * ({@code listenUrlConnections}). The database closes with Camel.
 */
public final class PayConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(PayConfiguration.class);

    @BindToRegistry("sellerApi")
    public SellerApi sellerApi() {
        return new SellerApi();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Properties props = new Properties(context);
        Path dataDir = Path.of(props.get("pay.data-dir"));
        String dbUrl = props.get("pay.db.url");
        DatabaseSettings dbSettings = dbUrl.isBlank() ? DatabaseSettings.sqliteIn(dataDir)
                : DatabaseSettings.forUrl(dbUrl, props.get("pay.db.user"), props.get("pay.db.password"));
        Database database = Database.open(dbSettings);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                database.close();
            }
        });

        // Before the routes are built: every step of every route gets the txn_id of its exchange's invoice in the MDC.
        context.getCamelContextExtension().addInterceptStrategy(new TxnIdLogContext());

        Clock clock = Clock.systemUTC();
        ListenUrlPolicy listenUrls = new ListenUrlPolicy(props.bool("pay.notify.allow-loopback"),
                props.bool("pay.notify.allow-private"));
        CreationRateLimit rateLimit = new CreationRateLimit(RateLimit.parse(
                props.get("pay.invoice.rate-limit"), props.integer("pay.invoice.rate-limit-burst")));
        InvoiceStore invoiceStore = new InvoiceStore(database.dataSource());
        Invoices invoices = new Invoices(invoiceStore,
                new ApiKeyStore(database.dataSource(), clock), policy(props), clock, rateLimit.andThen(listenUrls),
                new DeliverySlots(props.integer("pay.notify.per-endpoint-concurrency"), props.duration("pay.notify.lease"),
                        clock));
        BlcClient blc = BlcClient.parse(props.get("pay.blc.endpoint"), props.duration("pay.blc.connect-timeout"),
                props.duration("pay.blc.read-timeout"));
        MasterSecret masterSecret = MasterSecret.load(dataDir, System.getenv());
        DepositAccounts deposits = new DepositAccounts(blc, masterSecret,
                new BigDecimal(props.get("pay.payout.fee-percent")), props.get("pay.payout.fee-addr"));

        context.getRegistry().bind("databaseReadiness",
                new ReadinessCheck("database", database.describe(), database::isReachable));
        context.getRegistry().bind("blcReadiness",
                new ReadinessCheck("blc-server", blc.endpoint(), deposits::reachable));
        InvoiceGauges gauges = new InvoiceGauges(invoiceStore::countByState, clock);
        context.addStartupListener((started, alreadyStarted) -> {
            MeterRegistry meters = started.getRegistry().findSingleByType(MeterRegistry.class);
            if (meters != null) {
                gauges.bindTo(meters);
            }
        });
        context.getRegistry().bind("database", database);
        context.getRegistry().bind("payDataSource", database.dataSource());
        context.getRegistry().bind("invoices", invoices);
        context.getRegistry().bind("depositAccounts", deposits);
        context.getRegistry().bind("listenUrlConnections", ListenUrlConnections.create(listenUrls,
                Duration.ofMillis(props.integer("pay.notify.connect-timeout-ms")),
                Duration.ofMillis(props.integer("pay.notify.response-timeout-ms")), SSLContext.getDefault()));
        context.getRegistry().bind("notificationSignature", new NotificationSignature(masterSecret, clock));
        context.addStartupListener(HttpServerRefusals.installer(props.integer("camel.server.port"),
                props.integer("camel.server.max-body-size")));
        context.getRegistry().bind("cachePolicyHeaderFilter", new CachePolicyHeaderFilter());
        RawFormHttpEngine rawForms = new RawFormHttpEngine();
        rawForms.setCamelContext(context);
        context.getRegistry().bind("rawFormHttpEngine", rawForms);
        context.getRegistry().bind("checkoutPage", new CheckoutPage(invoices,
                new CheckoutPages(props.duration("pay.checkout.poll-interval"), clock), props.get("pay.public-url")));
        bindSellerPages(context, props, new ApiKeyStore(database.dataSource(), clock),
                new InvoiceAdmin(invoiceStore, clock), masterSecret);
        LOG.info("Pay uses database {} and BLC server {}", database.describe(), blc.endpoint());
    }

    /** The sign-up page ({@code signupPage}, {@code sellerSignup}, {@code signupRateLimit}) and the seller page. */
    private static void bindSellerPages(CamelContext context, Properties props, ApiKeyStore keys, InvoiceAdmin admin,
                                        MasterSecret masterSecret) {
        SellerPages pages = new SellerPages();
        context.getRegistry().bind("signupPage", new SignupPage(new SellerApi(), pages, props.get("pay.public-url")));
        context.getRegistry().bind("sellerSignup", new SellerSignup(keys, masterSecret));
        context.getRegistry().bind("signupRateLimit", new SignupRateLimit(RateLimit.parse(
                props.get("pay.signup.rate-limit"), props.integer("pay.signup.rate-limit-burst"))));
        context.getRegistry().bind("sellerPage", new SellerPage(pages));
        context.getRegistry().bind("sellerInvoices", new SellerInvoices(keys, admin, props.integer("pay.seller.page-size")));
    }

    private static Invoices.Policy policy(Properties props) {
        InvoiceLimits limits = new InvoiceLimits(props.integer("pay.invoice.max-price"),
                props.integer("pay.invoice.max-sell-fields"), props.integer("pay.invoice.max-sell-name-length"),
                props.integer("pay.invoice.max-sell-value-length"), props.integer("pay.invoice.max-url-length"));
        String refundAfter = props.get("pay.refund.after").strip();
        return new Invoices.Policy(limits, props.duration("pay.invoice.expiry"),
                Double.parseDouble(props.get("pay.invoice.payment-tolerance-percent")),
                WatchSchedule.parse(props.get("pay.watch.schedule")), props.duration("pay.watch.outage-backoff"),
                RetrySchedule.parse(props.get("pay.notify.retry-schedule")), props.duration("pay.notify.lease"),
                props.duration("pay.notify.echo-timeout"), props.duration("pay.payout.lease"),
                refundAfter.equals("never") ? null : props.duration("pay.refund.after"));
    }

    /** Property look-ups that fail with the property's name when it is missing or malformed. */
    private record Properties(CamelContext context) {
        String get(String key) {
            return context.getPropertiesComponent().resolveProperty(key)
                    .orElseThrow(() -> new IllegalArgumentException("property " + key + " is not set"));
        }

        int integer(String key) {
            try {
                return Integer.parseInt(get(key).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("property " + key + " must be a whole number", e);
            }
        }

        boolean bool(String key) {
            String value = get(key).strip();
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException("property " + key + " must be true or false");
            }
            return Boolean.parseBoolean(value);
        }

        Duration duration(String key) {
            try {
                return Durations.parse(get(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("property " + key + ": " + e.getMessage(), e);
            }
        }
    }
}
