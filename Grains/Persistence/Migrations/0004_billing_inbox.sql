-- Stripe billing webhooks. The gateway stores each verified delivery here before it answers 202, so
-- nothing Stripe was told we received can be lost; silos then claim rows and apply them to org logs.

CREATE TABLE IF NOT EXISTS billing_inbox (
    -- Stripe's event ID: a retried delivery of the same event finds its row and is stored once.
    stripe_event_id text        NOT NULL PRIMARY KEY,
    event_type      text        NOT NULL,
    -- The event's own created (Unix seconds), when the body has one.
    stripe_created  bigint,
    livemode        boolean     NOT NULL DEFAULT false,
    -- The body exactly as received and verified.
    payload         text        NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- pending: waiting or being processed; done: applied; ignored: a type with no effect here;
    -- unmatched: no known org (kept for an operator); parked: failed too often (kept for an operator).
    status          text        NOT NULL DEFAULT 'pending'
        CONSTRAINT billing_inbox_status CHECK (status IN ('pending', 'done', 'ignored', 'unmatched', 'parked')),
    -- Claims so far. A claim counts before the work starts, so an event that kills its processor is
    -- still parked after the bounded number of tries.
    attempts        integer     NOT NULL DEFAULT 0,
    -- When a pending row may next be claimed: after a retry delay, or when a claim's lease runs out.
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_error      text,
    org_id          text,
    processed_at    timestamptz
);

CREATE INDEX IF NOT EXISTS billing_inbox_due ON billing_inbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS billing_inbox_needs_operator ON billing_inbox (received_at)
    WHERE status IN ('unmatched', 'parked');

-- Which org a Stripe customer belongs to, learned from events that name both, so that events that
-- carry only the customer ID (invoices, most often) still find their org.
CREATE TABLE IF NOT EXISTS billing_customers (
    customer_id text        NOT NULL PRIMARY KEY,
    org_id      text        NOT NULL,
    learned_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
