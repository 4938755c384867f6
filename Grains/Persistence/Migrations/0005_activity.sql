-- Activity timestamps. An event's keys carry its commit time (events.committed_at, now written by the
-- profile grain itself, shared by every event of one commit). Keys set through ingestion without an event
-- are kept here, one row per commit, until a snapshot of the profile holds them.
CREATE TABLE IF NOT EXISTS activity_marks (
    profile_id   text        NOT NULL,
    committed_at timestamptz NOT NULL,
    keys         text[]      NOT NULL,
    CONSTRAINT activity_marks_pkey PRIMARY KEY (profile_id, committed_at)
);

-- The latest activity commit a snapshot holds, so marks up to it can be deleted and a snapshot taken after
-- marks alone (same log version) still replaces the one before.
ALTER TABLE profile_snapshots ADD COLUMN IF NOT EXISTS activity_head timestamptz;
