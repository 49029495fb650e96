package dev.rewind.sample;

import java.util.SplittableRandom;

/**
 * The kinds of variable part a message template has. Every rendered value is one
 * whitespace-free token. Most hold a digit (or are an IP address or a path of two or more
 * segments), which {@link dev.rewind.connectors.pattern.MessageTemplates} masks as {@code <*>} in
 * each line; a few are words without a digit — a peer service, a topic, a cache node — as real
 * logs name them, which only the type miner ({@link dev.rewind.connectors.pattern.TypeMiner})
 * recognises as variables, from the many distinct words they take. Either way the error type
 * Rewind recovers is the template the generator wrote the line from.
 *
 * <p>Some kinds also appear as their own JSON field of the line ({@link #field()}), as structured
 * loggers do; numeric ones as JSON numbers.
 */
enum Slot {
    REQUEST_ID("request_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("req-").append(10_000_000 + r.nextInt(90_000_000));
            return 0;
        }
    },
    /** Skewed towards low ids: a few heavy users produce much of the traffic, as in real services. */
    USER_ID("user_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            double u = r.nextDouble();
            out.append("u-").append(10_000 + (int) (89_999 * u * u * u));
            return 0;
        }
    },
    ORDER_ID("order_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("ord-").append(1_000_000 + r.nextInt(9_000_000));
            return 0;
        }
    },
    PAYMENT_ID("payment_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("pay-").append(10_000_000 + r.nextInt(90_000_000));
            return 0;
        }
    },
    SKU("sku", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("SKU-").append(10_000 + r.nextInt(5_000));
            return 0;
        }
    },
    SESSION("session_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("sess-").append(10_000_000 + r.nextInt(90_000_000));
            return 0;
        }
    },
    NOTIFICATION_ID("notification_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("ntf-").append(1_000_000 + r.nextInt(9_000_000));
            return 0;
        }
    },
    DEVICE("device_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("dev-").append(100_000 + r.nextInt(900_000));
            return 0;
        }
    },
    TX_ID("tx_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("tx-").append(100_000_000 + r.nextInt(900_000_000));
            return 0;
        }
    },
    BATCH("batch_id", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("batch-").append(1_000 + r.nextInt(9_000));
            return 0;
        }
    },
    CACHE_KEY(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(CACHE_PREFIXES[r.nextInt(CACHE_PREFIXES.length)]).append(r.nextInt(100_000));
            return 0;
        }
    },
    CLIENT_IP("client_ip", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(PUBLIC_PREFIXES[r.nextInt(PUBLIC_PREFIXES.length)]).append(r.nextInt(256)).append('.')
                    .append(1 + r.nextInt(254));
            return 0;
        }
    },
    /** Internal address and port of a backend, from a small fixed pool as a real cluster has. */
    UPSTREAM("upstream", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int node = r.nextInt(24);
            out.append("10.0.").append(node / 8).append('.').append(10 + node % 8).append(':')
                    .append(node % 3 == 0 ? 8443 : 8080);
            return 0;
        }
    },
    NODE_IP("node", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("10.0.4.").append(20 + r.nextInt(6));
            return 0;
        }
    },
    PATH("path", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int p = r.nextInt(PATHS.length);
            out.append(PATHS[p]);
            if (p < PATHS_WITH_ID) {
                out.append(1_000 + r.nextInt(900_000));
            }
            return 0;
        }
    },
    STATUS_OK("status", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int x = r.nextInt(100);
            int status = x < 78 ? 200 : x < 88 ? 201 : x < 93 ? 204 : x < 97 ? 304 : 404;
            out.append(status);
            return status;
        }
    },
    STATUS_ERROR("status", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int x = r.nextInt(100);
            int status = x < 20 ? 500 : x < 55 ? 502 : x < 85 ? 503 : 504;
            out.append(status);
            return status;
        }
    },
    /** A fast call: mostly tens of milliseconds with a long tail (exponential). */
    FAST_MS("duration_ms", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            long ms = 1 + (long) (-Math.log(1 - r.nextDouble()) * 45);
            out.append(ms);
            return ms;
        }
    },
    /** A call slow enough to warn about. */
    SLOW_MS("duration_ms", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            long ms = 800 + (long) (-Math.log(1 - r.nextDouble()) * 1200);
            out.append(ms);
            return ms;
        }
    },
    /** Waiting out a timeout: close to a round configured limit. */
    TIMEOUT_MS("duration_ms", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            long ms = 30_000 + r.nextInt(250);
            out.append(ms);
            return ms;
        }
    },
    GC_MS("gc_pause_ms", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            long ms = 200 + r.nextInt(1_800);
            out.append(ms);
            return ms;
        }
    },
    TTL_S(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(r.nextInt(4) == 0 ? 3600 : 900);
            return 0;
        }
    },
    AMOUNT("amount", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int cents = 199 + r.nextInt(49_800);
            int fraction = cents % 100;
            out.append(cents / 100).append('.').append(fraction < 10 ? "0" : "").append(fraction);
            return 0;
        }
    },
    DECLINE_CODE("decline_code", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(DECLINE_CODES[r.nextInt(DECLINE_CODES.length)]);
            return 0;
        }
    },
    SMTP_CODE("smtp_code", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int code = r.nextBoolean() ? 421 : 554;
            out.append(code);
            return code;
        }
    },
    WAREHOUSE("warehouse", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("wh-").append(1 + r.nextInt(6));
            return 0;
        }
    },
    SHARD("shard", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("shard-").append(r.nextInt(16));
            return 0;
        }
    },
    TENANT("tenant", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("t-").append(100 + r.nextInt(40));
            return 0;
        }
    },
    EMAIL_TEMPLATE("email_template", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append("tpl-").append(1 + r.nextInt(12));
            return 0;
        }
    },
    PARTITION("partition", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int p = r.nextInt(12);
            out.append(p);
            return p;
        }
    },
    ATTEMPT(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(2 + r.nextInt(4));
            return 0;
        }
    },
    ITEMS(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(1 + r.nextInt(8));
            return 0;
        }
    },
    QUANTITY(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(r.nextInt(500));
            return 0;
        }
    },
    ROWS(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(100 + r.nextInt(4_900));
            return 0;
        }
    },
    HITS("hits", true) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            int hits = r.nextInt(8) == 0 ? 0 : r.nextInt(2_000);
            out.append(hits);
            return hits;
        }
    },
    FAILURES(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(5 + r.nextInt(60));
            return 0;
        }
    },
    HEAP_USED_MIB(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(2_000 + r.nextInt(48));
            return 0;
        }
    },
    HEAP_LIMIT_MIB(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(2048);
            return 0;
        }
    },
    REACHABLE(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(1);
            return 0;
        }
    },
    /** A peer service by name: a word-valued variable, one of seven. */
    PEER("peer", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(PEERS[r.nextInt(PEERS.length)]);
            return 0;
        }
    },
    /** A message-broker topic by name: a word-valued variable, one of six. */
    TOPIC("topic", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(TOPICS[r.nextInt(TOPICS.length)]);
            return 0;
        }
    },
    /** A cache node by name: a word-valued variable, one of six. */
    CACHE_NODE("cache_node", false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(CACHE_NODES[r.nextInt(CACHE_NODES.length)]);
            return 0;
        }
    },
    MASTERS(null, false) {
        @Override
        long render(SplittableRandom r, StringBuilder out) {
            out.append(3);
            return 0;
        }
    };

    private static final String[] PEERS = {"auth", "payments", "orders", "inventory", "search", "notifications",
        "api-gateway"};
    private static final String[] TOPICS = {"order-events", "payment-events", "stock-updates", "email-outbox", "audit-log",
        "user-signups"};
    private static final String[] CACHE_NODES = {"cache-east", "cache-west", "cache-north", "cache-south", "cache-central",
        "cache-edge"};
    private static final String[] CACHE_PREFIXES = {"user:", "cart:", "product:", "price:"};
    private static final String[] PUBLIC_PREFIXES = {"81.2.", "93.184.", "151.101.", "185.60.", "203.0.", "198.51."};
    private static final String[] DECLINE_CODES = {"05", "51", "54", "57", "61", "65"};
    /** Paths ending in an id come first; all have two or more segments so they read as paths. */
    private static final String[] PATHS = {"/api/v1/orders/", "/api/v1/users/", "/api/v1/products/",
        "/api/v1/carts/", "/api/v1/search", "/api/v1/checkout", "/api/v1/recommendations"};
    private static final int PATHS_WITH_ID = 4;

    private final String field;
    private final boolean numeric;

    Slot(String field, boolean numeric) {
        this.field = field;
        this.numeric = numeric;
    }

    /** Appends one value to {@code out}; returns it as a number when {@link #numeric()}, else 0. */
    abstract long render(SplittableRandom r, StringBuilder out);

    /** The JSON field that repeats the value, or null when it is only in the message. */
    String field() {
        return field;
    }

    /** True when the field is written as a JSON number. */
    boolean numeric() {
        return numeric;
    }
}
