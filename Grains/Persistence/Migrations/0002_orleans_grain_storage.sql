-- The Orleans ADO.NET grain storage provider ships no SQL: at start-up it loads its statements by key
-- from OrleansQuery and runs them with its own named parameters. This table and these statements keep
-- grain state in the same database as the product data, with an optimistic version per grain so that a
-- stale activation cannot overwrite newer state.
-- Everything here is safe to run again: tables are created only if missing and statements are upserted.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT OrleansQuery_pkey PRIMARY KEY (QueryKey)
);

-- One row per grain state. The hashes are what the provider looks rows up by; the type string, the
-- numeric key halves and the key extension (null for keys without one) tell apart grains whose hashes
-- collide. Version is the etag handed to the grain; a cleared state keeps its row with a null payload.
CREATE TABLE IF NOT EXISTS OrleansStorage (
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea       NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer     NOT NULL
);

-- One row per grain, so two activations racing to write a first state cannot both insert: the loser
-- finds the row taken and gets a version conflict. The strings enter as digests to keep long grain keys
-- within the index entry size limit; a missing key extension counts as one value.
CREATE UNIQUE INDEX IF NOT EXISTS OrleansStorage_grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1,
        md5(GrainTypeString), md5(GrainIdExtensionString))
    NULLS NOT DISTINCT;

-- Every statement names the grain the same way: all key columns, with the key extension compared so
-- that null matches null.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- The state and its version, or no row at all for a grain never written.
('ReadFromStorageKey', '
SELECT
    PayloadBinary,
    Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
    AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId
    AND GrainIdN0 = @GrainIdN0
    AND GrainIdN1 = @GrainIdN1
    AND GrainTypeString = @GrainTypeString
    AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
'),

-- A grain without a version (it read no row) inserts version 1; a grain with one updates the row only if
-- the row still has that version, and moves it on by one. Returns NewGrainStateVersion, or no row when
-- the version did not match or the first insert lost the race, which the provider reports as a conflict.
('WriteToStorageKey', '
WITH updated AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        ModifiedOn = now(),
        Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash
        AND GrainTypeHash = @GrainTypeHash
        AND ServiceId = @ServiceId
        AND GrainIdN0 = @GrainIdN0
        AND GrainIdN1 = @GrainIdN1
        AND GrainTypeString = @GrainTypeString
        AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
        AND Version = @GrainStateVersion
    RETURNING Version
), inserted AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
        @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT Version AS NewGrainStateVersion FROM updated
UNION ALL
SELECT Version FROM inserted;
'),

-- Clear that keeps the row: drops the payload and moves the version on, under the same version check.
-- Returns the new version, or no row on a conflict.
('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = now(),
    Version = Version + 1
WHERE GrainIdHash = @GrainIdHash
    AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId
    AND GrainIdN0 = @GrainIdN0
    AND GrainIdN1 = @GrainIdN1
    AND GrainTypeString = @GrainTypeString
    AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
'),

-- Clear that removes the row (DeleteStateOnClear), under the same version check. The provider wants a
-- value that differs from the version it sent, so the statement returns the next version; no row means
-- a conflict. The next write of the grain then starts again from version 1.
('DeleteStorageKey', '
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash
    AND GrainTypeHash = @GrainTypeHash
    AND ServiceId = @ServiceId
    AND GrainIdN0 = @GrainIdN0
    AND GrainIdN1 = @GrainIdN1
    AND GrainTypeString = @GrainTypeString
    AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
    AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
