-- The product's own tables. The event log is the truth; every other table here is a projection of it
-- that a profile grain keeps in the same transaction as the append, so it can always be rebuilt.

-- One row per event, stored once in the log of its most specific profile. Profile IDs are 20-digit
-- strings, larger than bigint, so they are kept as text.
CREATE TABLE IF NOT EXISTS events (
    profile_id        text        NOT NULL,
    seq               bigint      NOT NULL,
    event_id          text        NOT NULL,
    created           timestamptz NOT NULL,
    committed_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    name              text        NOT NULL,
    category          text        NOT NULL,
    subcategory       text        NOT NULL,
    visibility        smallint    NOT NULL,
    permission        smallint    NOT NULL,
    calling_user_id   text        NOT NULL,
    calling_user_name text        NOT NULL,
    org_id            text,
    workspace_id      text,
    share_id          text,
    user_id           text,
    object_id         text,
    parent_event_id   text,
    idempotency_key   text,
    details           jsonb,
    -- The key doubles as the single-writer guard: a second writer of the same sequence number fails.
    CONSTRAINT events_pkey PRIMARY KEY (profile_id, seq)
);

CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
CREATE UNIQUE INDEX IF NOT EXISTS events_idempotency_key ON events (idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Searches read newest first with the event ID as tie-break, from each of the profile IDs an event names.
CREATE INDEX IF NOT EXISTS events_by_org ON events (org_id, created DESC, event_id DESC)
    WHERE org_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_workspace ON events (workspace_id, created DESC, event_id DESC)
    WHERE workspace_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_share ON events (share_id, created DESC, event_id DESC)
    WHERE share_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_user ON events (user_id, created DESC, event_id DESC)
    WHERE user_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_by_calling_user ON events (calling_user_id, created DESC, event_id DESC);
CREATE INDEX IF NOT EXISTS events_by_parent ON events (parent_event_id, created DESC, event_id DESC)
    WHERE parent_event_id IS NOT NULL;

-- The state a profile grain derives from its log, as of a log version, so activation reads the snapshot
-- and only the events after it.
CREATE TABLE IF NOT EXISTS profile_snapshots (
    profile_id text        NOT NULL PRIMARY KEY,
    version    bigint      NOT NULL,
    state      jsonb       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Who belongs to which profile, with what role: lets a search filter events of sub-profiles (a share
-- inside a searched workspace) inside the query itself.
CREATE TABLE IF NOT EXISTS profile_members (
    profile_id text     NOT NULL,
    user_id    text     NOT NULL,
    role       smallint NOT NULL,
    CONSTRAINT profile_members_pkey PRIMARY KEY (profile_id, user_id)
);
CREATE INDEX IF NOT EXISTS profile_members_by_user ON profile_members (user_id);

-- Per-user acknowledgements ("mark as read"). Idempotent by key.
CREATE TABLE IF NOT EXISTS event_acks (
    user_id  text        NOT NULL,
    event_id text        NOT NULL,
    acked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT event_acks_pkey PRIMARY KEY (user_id, event_id)
);
