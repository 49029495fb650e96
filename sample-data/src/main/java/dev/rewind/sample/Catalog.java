package dev.rewind.sample;

import static dev.rewind.connectors.record.Level.DEBUG;
import static dev.rewind.connectors.record.Level.ERROR;
import static dev.rewind.connectors.record.Level.FATAL;
import static dev.rewind.connectors.record.Level.INFO;
import static dev.rewind.connectors.record.Level.WARN;
import static dev.rewind.sample.Slot.AMOUNT;
import static dev.rewind.sample.Slot.ATTEMPT;
import static dev.rewind.sample.Slot.BATCH;
import static dev.rewind.sample.Slot.CACHE_KEY;
import static dev.rewind.sample.Slot.CLIENT_IP;
import static dev.rewind.sample.Slot.DECLINE_CODE;
import static dev.rewind.sample.Slot.DEVICE;
import static dev.rewind.sample.Slot.EMAIL_TEMPLATE;
import static dev.rewind.sample.Slot.FAILURES;
import static dev.rewind.sample.Slot.FAST_MS;
import static dev.rewind.sample.Slot.GC_MS;
import static dev.rewind.sample.Slot.HEAP_LIMIT_MIB;
import static dev.rewind.sample.Slot.HEAP_USED_MIB;
import static dev.rewind.sample.Slot.HITS;
import static dev.rewind.sample.Slot.ITEMS;
import static dev.rewind.sample.Slot.MASTERS;
import static dev.rewind.sample.Slot.NODE_IP;
import static dev.rewind.sample.Slot.NOTIFICATION_ID;
import static dev.rewind.sample.Slot.ORDER_ID;
import static dev.rewind.sample.Slot.PARTITION;
import static dev.rewind.sample.Slot.PATH;
import static dev.rewind.sample.Slot.PAYMENT_ID;
import static dev.rewind.sample.Slot.QUANTITY;
import static dev.rewind.sample.Slot.REACHABLE;
import static dev.rewind.sample.Slot.REQUEST_ID;
import static dev.rewind.sample.Slot.ROWS;
import static dev.rewind.sample.Slot.SESSION;
import static dev.rewind.sample.Slot.SHARD;
import static dev.rewind.sample.Slot.SKU;
import static dev.rewind.sample.Slot.SLOW_MS;
import static dev.rewind.sample.Slot.SMTP_CODE;
import static dev.rewind.sample.Slot.STATUS_ERROR;
import static dev.rewind.sample.Slot.STATUS_OK;
import static dev.rewind.sample.Slot.TENANT;
import static dev.rewind.sample.Slot.TIMEOUT_MS;
import static dev.rewind.sample.Slot.TTL_S;
import static dev.rewind.sample.Slot.TX_ID;
import static dev.rewind.sample.Slot.UPSTREAM;
import static dev.rewind.sample.Slot.USER_ID;

import dev.rewind.connectors.record.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sample system: seven services of a web shop, the templates they log, and the incident
 * kinds whose templates appear only in storms. Immutable and shared by all generator threads.
 */
final class Catalog {
    /** The levels the sample writes, in the order of {@link #LEVEL_PER_MILLE}. */
    static final Level[] LEVELS = {DEBUG, INFO, WARN, ERROR, FATAL};
    /** Cumulative share per thousand lines: DEBUG 15%, INFO 70%, WARN 10%, ERROR 4.5%, FATAL 0.5%. */
    private static final int[] LEVEL_PER_MILLE = {150, 850, 950, 995, 1000};

    static final Catalog STANDARD = new Catalog();

    private final List<MessageTemplate> templates = new ArrayList<>();
    private final List<ServiceProfile> services = new ArrayList<>();
    private final List<IncidentKind> incidentKinds = new ArrayList<>();
    private final int[] serviceCumulative;

    /** A storm's service and its template, which no normal line uses. */
    record IncidentKind(ServiceProfile service, MessageTemplate template) {
    }

    private Catalog() {
        // Shared by every service: the platform's own messages (runtime, health checks).
        List<MessageTemplate> common = List.of(
                t(DEBUG, 2, "Cache lookup for key <*> took <*> ms", CACHE_KEY, FAST_MS),
                t(INFO, 1, "Health check passed in <*> ms", FAST_MS),
                t(WARN, 1, "GC pause of <*> ms exceeded target", GC_MS),
                t(ERROR, 1, "Unhandled exception while processing request <*>", REQUEST_ID),
                t(FATAL, 3, "Out of memory with heap at <*> MiB of <*> MiB limit", HEAP_USED_MIB, HEAP_LIMIT_MIB));

        service("api-gateway", 28, 4, common,
                t(DEBUG, 4, "Routing request <*> to upstream <*>", REQUEST_ID, UPSTREAM),
                t(INFO, 10, "GET <*> returned <*> in <*> ms", PATH, STATUS_OK, FAST_MS),
                t(INFO, 4, "POST <*> returned <*> in <*> ms", PATH, STATUS_OK, FAST_MS),
                t(WARN, 3, "Rate limit exceeded for client <*> on <*>", CLIENT_IP, PATH),
                t(WARN, 3, "Upstream <*> responded slowly in <*> ms", UPSTREAM, SLOW_MS),
                t(WARN, 2, "Retry budget exhausted calling <*> for request <*>", Slot.PEER, REQUEST_ID),
                t(ERROR, 6, "Upstream <*> returned <*> for request <*>", UPSTREAM, STATUS_ERROR, REQUEST_ID));
        service("auth", 14, 3, common,
                t(DEBUG, 4, "Validating session <*> for user <*>", SESSION, USER_ID),
                t(INFO, 6, "User <*> logged in from <*>", USER_ID, CLIENT_IP),
                t(INFO, 4, "Token issued for user <*> valid for <*> s", USER_ID, TTL_S),
                t(WARN, 5, "Failed login attempt for user <*> from <*>", USER_ID, CLIENT_IP),
                t(ERROR, 6, "Token signature invalid for user <*> from <*>", USER_ID, CLIENT_IP));
        service("payments", 10, 3, common,
                t(DEBUG, 4, "Calling card processor for payment <*> attempt <*>", PAYMENT_ID, ATTEMPT),
                t(INFO, 10, "Payment <*> authorized for order <*> amount <*> EUR", PAYMENT_ID, ORDER_ID, AMOUNT),
                t(WARN, 5, "Card processor latency high at <*> ms for payment <*>", SLOW_MS, PAYMENT_ID),
                t(ERROR, 6, "Payment declined for order <*> code <*>", ORDER_ID, DECLINE_CODE),
                t(FATAL, 2, "Ledger write failed for payment <*> and was rolled back", PAYMENT_ID));
        service("orders", 16, 3, common,
                t(DEBUG, 4, "Loaded order <*> from cache in <*> ms", ORDER_ID, FAST_MS),
                t(INFO, 6, "Order <*> created for user <*> with <*> items", ORDER_ID, USER_ID, ITEMS),
                t(INFO, 4, "Order <*> handed to warehouse <*>", ORDER_ID, Slot.WAREHOUSE),
                t(WARN, 5, "Order <*> retry <*> after upstream timeout", ORDER_ID, ATTEMPT),
                t(ERROR, 6, "Failed to reserve stock for order <*> sku <*>", ORDER_ID, SKU),
                t(ERROR, 4, "Connection timeout to <*> after <*> ms", Slot.PEER, TIMEOUT_MS));
        service("inventory", 10, 2, common,
                t(DEBUG, 4, "Sync batch <*> processed <*> rows in <*> ms", BATCH, ROWS, FAST_MS),
                t(INFO, 10, "Stock updated for sku <*> quantity <*>", SKU, QUANTITY),
                t(WARN, 5, "Low stock for sku <*> only <*> left", SKU, QUANTITY),
                t(ERROR, 6, "Inventory sync failed for batch <*> after <*> retries", BATCH, ATTEMPT),
                t(ERROR, 3, "Failed to publish to topic <*> after <*> retries", Slot.TOPIC, ATTEMPT));
        service("search", 14, 3, common,
                t(DEBUG, 4, "Index shard <*> refreshed in <*> ms", SHARD, FAST_MS),
                t(INFO, 10, "Search query returned <*> hits in <*> ms", HITS, FAST_MS),
                t(WARN, 5, "Search query took <*> ms exceeding budget", SLOW_MS),
                t(WARN, 3, "Cache node <*> evicted <*> keys under memory pressure", Slot.CACHE_NODE, QUANTITY),
                t(ERROR, 6, "Index shard <*> unavailable on node <*>", SHARD, NODE_IP));
        service("notifications", 8, 2, common,
                t(DEBUG, 4, "Queued notification <*> for user <*>", NOTIFICATION_ID, USER_ID),
                t(INFO, 6, "Email sent to user <*> with template <*>", USER_ID, EMAIL_TEMPLATE),
                t(INFO, 4, "Push notification delivered to device <*>", DEVICE),
                t(WARN, 5, "SMTP server <*> responded slowly in <*> ms", UPSTREAM, SLOW_MS),
                t(ERROR, 6, "Failed to deliver email to user <*> after <*> attempts", USER_ID, ATTEMPT),
                t(FATAL, 2, "Notification queue consumer crashed on partition <*>", PARTITION));

        // One incident kind per service, so no two incidents of a run share a template.
        incident("payments", "Connection pool exhausted for db-primary after <*> ms waiting", TIMEOUT_MS);
        incident("api-gateway", "Circuit breaker open for upstream <*> after <*> consecutive failures",
                Slot.PEER, FAILURES);
        incident("orders", "Deadlock detected while updating order <*> in transaction <*>", ORDER_ID, TX_ID);
        incident("auth", "Identity provider timed out after <*> ms for tenant <*>", TIMEOUT_MS, TENANT);
        incident("search", "Search cluster lost quorum with <*> of <*> master nodes reachable", REACHABLE, MASTERS);
        incident("inventory", "Message broker connection to <*> lost and reconnect failed after <*> ms",
                UPSTREAM, TIMEOUT_MS);
        incident("notifications", "SMTP relay <*> rejected connection with code <*>", UPSTREAM, SMTP_CODE);

        serviceCumulative = new int[services.size()];
        int sum = 0;
        for (int i = 0; i < services.size(); i++) {
            sum += services.get(i).weight();
            serviceCumulative[i] = sum;
        }
    }

    private MessageTemplate t(Level level, int weight, String text, Slot... slots) {
        MessageTemplate template = new MessageTemplate(templates.size(), level, weight, text, slots);
        templates.add(template);
        return template;
    }

    private void service(String name, int weight, int hosts, List<MessageTemplate> common, MessageTemplate... own) {
        List<MessageTemplate> all = new ArrayList<>(List.of(own));
        all.addAll(common);
        services.add(new ServiceProfile(name, weight, hosts, all));
    }

    private void incident(String service, String text, Slot... slots) {
        ServiceProfile profile = services.stream().filter(s -> s.name().equals(service)).findFirst().orElseThrow();
        incidentKinds.add(new IncidentKind(profile, t(ERROR, 1, text, slots)));
    }

    /** Every template, normal and incident, indexed by {@link MessageTemplate#id()}. */
    List<MessageTemplate> templates() {
        return Collections.unmodifiableList(templates);
    }

    List<ServiceProfile> services() {
        return Collections.unmodifiableList(services);
    }

    List<IncidentKind> incidentKinds() {
        return Collections.unmodifiableList(incidentKinds);
    }

    IncidentKind incidentKind(String template) {
        for (IncidentKind kind : incidentKinds) {
            if (kind.template().text().equals(template)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no incident kind has template '" + template + "'");
    }

    /** A service, by share of traffic. */
    ServiceProfile pickService(SplittableRandom r) {
        int x = r.nextInt(serviceCumulative[serviceCumulative.length - 1]);
        int i = 0;
        while (serviceCumulative[i] <= x) {
            i++;
        }
        return services.get(i);
    }

    /** A level of a normal line, by the shares of {@link #LEVEL_PER_MILLE}. */
    static Level pickLevel(SplittableRandom r) {
        int x = r.nextInt(1000);
        int i = 0;
        while (LEVEL_PER_MILLE[i] <= x) {
            i++;
        }
        return LEVELS[i];
    }
}
