-- The Orleans ADO.NET clustering provider ships no SQL: at start-up it loads its statements by key from
-- OrleansQuery and runs them with its own named parameters. These tables and statements let the silos
-- agree on membership and let the gateway find live silos, in the same database as the product data.
-- Everything here is safe to run again: tables are created only if missing and statements are upserted.

CREATE TABLE IF NOT EXISTS OrleansQuery (
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT OrleansQuery_pkey PRIMARY KEY (QueryKey)
);

-- One row per cluster. Its Version is the etag of the membership table: every membership change must
-- name the version it read and moves it on by one, so two silos acting on the same view cannot both win.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable (
    DeploymentId varchar(150) NOT NULL,
    ModifiedOn   timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT OrleansMembershipVersionTable_pkey PRIMARY KEY (DeploymentId)
);

-- One row per silo incarnation (address, port and generation). Status holds the numeric SiloStatus
-- (3 Active, 6 Dead); SuspectTimes holds the suspicions as the provider formats them (silo,time|silo,time).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable (
    DeploymentId varchar(150)  NOT NULL,
    Address      varchar(45)   NOT NULL,
    Port         integer       NOT NULL,
    Generation   integer       NOT NULL,
    SiloName     varchar(150)  NOT NULL,
    HostName     varchar(150)  NOT NULL,
    Status       integer       NOT NULL,
    ProxyPort    integer       NOT NULL DEFAULT 0,
    SuspectTimes varchar(8000) NULL,
    StartTime    timestamptz   NOT NULL,
    IAmAliveTime timestamptz   NOT NULL,
    CONSTRAINT OrleansMembershipTable_pkey PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT OrleansMembershipTable_DeploymentId_fkey FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- The statements are plain SQL rather than functions: Npgsql sends DateTime parameters as timestamptz,
-- and plain statements let the server coerce every parameter to its column without a signature to match.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the version row of a cluster once. Returns one boolean: whether this call created it.
('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS Inserted;
'),

-- A silo heartbeat. It leaves the version alone, so it never invalidates an etag another silo holds.
('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable
SET IAmAliveTime = @IAmAliveTime
WHERE DeploymentId = @DeploymentId
    AND Address = @Address
    AND Port = @Port
    AND Generation = @Generation;
'),

-- Adds a silo row if the caller still holds the current version and the row is new. Returns one boolean.
-- Taking the version row first serialises membership writers; a lost race returns false and the
-- provider re-reads the table and retries.
('InsertMembershipKey', '
WITH claimed AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        ModifiedOn = now()
    WHERE DeploymentId = @DeploymentId
        AND Version = @Version
        AND NOT EXISTS (
            SELECT 1
            FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId
                AND Address = @Address
                AND Port = @Port
                AND Generation = @Generation)
    RETURNING DeploymentId
), added AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
         SuspectTimes, StartTime, IAmAliveTime)
    SELECT claimed.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        NULL, @StartTime, @IAmAliveTime
    FROM claimed
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM added) AS Inserted;
'),

-- Changes a silo row if the caller still holds the current version and the row exists. Returns one
-- boolean. A missing row leaves the version as it was.
('UpdateMembershipKey', '
WITH claimed AS (
    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1,
        ModifiedOn = now()
    WHERE DeploymentId = @DeploymentId
        AND Version = @Version
        AND EXISTS (
            SELECT 1
            FROM OrleansMembershipTable
            WHERE DeploymentId = @DeploymentId
                AND Address = @Address
                AND Port = @Port
                AND Generation = @Generation)
    RETURNING DeploymentId
), changed AS (
    UPDATE OrleansMembershipTable AS m
    SET Status = @Status,
        SuspectTimes = @SuspectTimes,
        IAmAliveTime = @IAmAliveTime
    FROM claimed
    WHERE m.DeploymentId = claimed.DeploymentId
        AND m.Address = @Address
        AND m.Port = @Port
        AND m.Generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM changed) AS Updated;
'),

-- The version row joined to the one silo asked for. The version row comes back even when the silo row
-- does not; the provider reads a null StartTime as no such silo.
('MembershipReadRowKey', '
SELECT
    v.DeploymentId,
    m.Address,
    m.Port,
    m.Generation,
    m.SiloName,
    m.HostName,
    m.Status,
    m.ProxyPort,
    m.SuspectTimes,
    m.StartTime,
    m.IAmAliveTime,
    v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
    ON m.DeploymentId = v.DeploymentId
    AND m.Address = @Address
    AND m.Port = @Port
    AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;
'),

-- The whole membership table and its version, read in one statement so they are consistent.
('MembershipReadAllKey', '
SELECT
    v.DeploymentId,
    m.Address,
    m.Port,
    m.Generation,
    m.SiloName,
    m.HostName,
    m.Status,
    m.ProxyPort,
    m.SuspectTimes,
    m.StartTime,
    m.IAmAliveTime,
    v.Version
FROM OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
    ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;
'),

-- Gateways for clients: silos in the requested status (the provider asks for Active) that accept clients.
('GatewaysQueryKey', '
SELECT
    Address,
    ProxyPort,
    Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
    AND Status = @Status
    AND ProxyPort > 0;
'),

-- Drops a whole cluster: its silo rows, then its version row.
('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable
WHERE DeploymentId = @DeploymentId;
'),

-- Bulk clean-up of dead silos not heard from since @IAmAliveTime. The provider only falls back to this
-- when CleanupDefunctSiloEntryKey is missing; rows that still carry suspicions are left for that one,
-- which can weigh each suspicion time.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
    AND Status = 6
    AND IAmAliveTime < @IAmAliveTime
    AND StartTime < @IAmAliveTime
    AND COALESCE(SuspectTimes, '''') = '''';
'),

-- Optional key, used when present: the provider picks old dead silos from a full read and deletes each
-- one only if the row still holds the values it read, so a row that changed meanwhile survives.
('CleanupDefunctSiloEntryKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
    AND Address = @Address
    AND Port = @Port
    AND Generation = @Generation
    AND Status = 6
    AND StartTime = @StartTime
    AND IAmAliveTime = @IAmAliveTime
    AND COALESCE(SuspectTimes, '''') = COALESCE(@SuspectTimes, '''');
')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
