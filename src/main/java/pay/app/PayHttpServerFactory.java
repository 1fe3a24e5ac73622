package pay.app;

import io.vertx.ext.web.handler.AuthenticationHandler;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.apache.camel.component.platform.http.main.DefaultMainHttpServerFactory;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig.AuthenticationConfigEntry;
import org.apache.camel.main.HttpManagementServerConfigurationProperties;
import org.apache.camel.main.HttpServerConfigurationProperties;
import org.apache.camel.main.MainHttpServerFactory;

/**
 * Camel's HTTP server with {@link ServingGate} in front of every path. camel-main takes this factory from the
 * registry in place of its own. The gate goes in as an "authentication" handler because that is the one slot
 * the server fills before it starts listening, which is the point: no request may reach the server before the
 * gate does.
 */
final class PayHttpServerFactory implements MainHttpServerFactory {
    private final DefaultMainHttpServerFactory camelDefaults = new DefaultMainHttpServerFactory();

    @Override
    public Service newHttpServer(CamelContext context, HttpServerConfigurationProperties properties) {
        MainHttpServer server = (MainHttpServer) camelDefaults.newHttpServer(context, properties);
        AuthenticationConfigEntry gate = new AuthenticationConfigEntry();
        gate.setPath("/*");
        gate.setAuthenticationProviderFactory(vertx -> null);
        gate.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends io.vertx.ext.auth.authentication.AuthenticationProvider> AuthenticationHandler
                    createAuthenticationHandler(T unused) {
                return new ServingGate(context);
            }
        });
        AuthenticationConfig handlers = server.getConfiguration().getAuthenticationConfig();
        List<AuthenticationConfigEntry> entries = handlers.getEntries();
        entries.add(0, gate);
        handlers.setEnabled(true);
        return server;
    }

    @Override
    public Service newHttpManagementServer(CamelContext context, HttpManagementServerConfigurationProperties properties) {
        return camelDefaults.newHttpManagementServer(context, properties);
    }
}
