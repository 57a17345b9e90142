-- Quartier's cluster tables on PostgreSQL: what Orleans's ADO.NET clustering provider needs to join silos into one
-- cluster. The provider reads its statements from table OrleansQuery by key and binds the parameters named there
-- (@DeploymentId, @Address, @Port, @Generation, …); the tables behind them are Quartier's own. Idempotent: safe to
-- apply on every start (`quartier serve --cluster` does, under an advisory lock) or by hand with
--   psql "$URL" -v ON_ERROR_STOP=1 -f scripts/cluster-schema.sql

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

-- one row per cluster (Orleans's deployment id): the membership version every change must name and increment
CREATE TABLE IF NOT EXISTS quartier_cluster_version
(
    deployment_id text PRIMARY KEY,
    version       integer NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- one row per silo incarnation (address, port and the generation it started with)
CREATE TABLE IF NOT EXISTS quartier_cluster_member
(
    deployment_id   text NOT NULL REFERENCES quartier_cluster_version (deployment_id) ON DELETE CASCADE,
    address         text NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       text NOT NULL,
    host_name       text NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- a cluster's version row, created once; 1 when this call created it
('InsertMembershipVersionKey', '
WITH created AS (
    INSERT INTO quartier_cluster_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM created'),

-- a new silo row, only while the version is the one the caller read (the version row lock orders racing writers)
('InsertMembershipKey', '
WITH bumped AS (
    UPDATE quartier_cluster_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM quartier_cluster_member
                      WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
added AS (
    INSERT INTO quartier_cluster_member (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM added'),

-- a silo''s status and suspicions, under the same version rule
('UpdateMembershipKey', '
WITH bumped AS (
    UPDATE quartier_cluster_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
    RETURNING deployment_id),
changed AS (
    UPDATE quartier_cluster_member m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1)
SELECT count(*)::integer FROM changed'),

-- the heartbeat: no version change
('UpdateIAmAlivetimeKey', '
UPDATE quartier_cluster_member SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),

-- one silo''s row with the version (the version alone when the silo has none)
('MembershipReadRowKey', '
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
FROM quartier_cluster_version v
LEFT JOIN quartier_cluster_member m
       ON m.deployment_id = v.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId'),

-- every silo''s row with the version
('MembershipReadAllKey', '
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime, v.version AS Version
FROM quartier_cluster_version v
LEFT JOIN quartier_cluster_member m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId'),

('DeleteMembershipTableEntriesKey', '
DELETE FROM quartier_cluster_version WHERE deployment_id = @DeploymentId'),

-- gateways of the silos in the given status (active) that accept clients
('GatewaysQueryKey', '
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM quartier_cluster_member
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0'),

-- rows of dead silos not heard of since the given time (status 6 = dead)
('CleanupDefunctSiloEntriesKey', '
DELETE FROM quartier_cluster_member
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime'),

-- one dead silo''s row, only if it is still exactly as the caller read it
('CleanupDefunctSiloEntryKey', '
DELETE FROM quartier_cluster_member
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation AND status = 6
  AND i_am_alive_time = @IAmAliveTime AND start_time = @StartTime AND suspect_times IS NOT DISTINCT FROM @SuspectTimes')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
