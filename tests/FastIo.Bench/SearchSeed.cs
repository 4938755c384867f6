using System.Diagnostics;
using System.Text.Json;
using FastIo.Orleans.Events;
using FastIo.Orleans.Grains.Ingestion;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Replay.Activity;
using FastIo.Orleans.Replay.Http;
using FastIo.Orleans.Replay.Mapping;
using Npgsql;

namespace FastIo.Orleans.Bench;

public sealed record SearchSeedSettings(Uri Url, string Postgres, long Events, int InFlight);

/// <summary>
/// Seeds a search benchmark database of about <see cref="SearchSeedSettings.Events"/> events: one synthetic
/// hour of the real hour's shape (scale 1, seed 1), then the same hour's activity repeated hour after hour
/// for the same profiles until the size is reached. So a profile's log grows with the size, as a real
/// profile's does over time, rather than the number of profiles.
/// </summary>
/// <remarks>
/// Everything that derives profile state (creations, memberships, renames) goes through the ingestion API,
/// so grains and <c>profile_members</c> hold real state. The repeated hours hold only activity (files,
/// comments, tasks...), which changes no state a search depends on; they are written with binary COPY by the
/// product's own row writer, with each profile's sequence numbers continuing its log. No snapshot covers
/// those rows, so the first activation of a busy profile folds its whole log: the benchmark warms up first.
/// </remarks>
public sealed class SearchSeed(SearchSeedSettings settings, TextWriter output)
{
    private const int Batch = 1000;
    private const int CopyStreams = 2;

    /// <summary>Names ProfileState derives state from, besides memberships and billing (see its Apply).</summary>
    private static readonly HashSet<string> StateEvents = new(StringComparer.Ordinal)
    {
        "user_created", "org_created", "workspace_created", "share_created", "user_updated", "org_updated",
        "workspace_updated", "share_updated", "share_settings_updated", "org_closed", "workspace_deleted",
        "share_deleted", "user_deleted",
    };

    public async Task RunAsync()
    {
        var source = ReplaySource.FromSynthetic(new SyntheticActivity(scale: 1, seed: 1));
        var clock = Stopwatch.StartNew();
        var sent = await SendThroughApiAsync(source);
        output.WriteLine(
            $"API: {sent:N0} items (profiles, memberships, the first hour) in {clock.Elapsed.TotalSeconds:F0} s");

        var hour = source.Events().Where(e => e.Phase == ReplayPhase.Hour && IsActivityOnly(e.Event.Event))
            .Select(e => e.Event).ToArray();
        var repeats = (int)Math.Max(0, Math.Ceiling((settings.Events - sent) / (double)hour.Length));
        if (repeats == 0)
        {
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(settings.Postgres);
        var rows = hour.Select(ToRow).ToArray();
        var bases = await LogHeadsAsync(dataSource);
        var perHour = rows.GroupBy(r => r.ProfileId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var indexInHour = new int[rows.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            seen.TryGetValue(rows[i].ProfileId, out var n);
            indexInHour[i] = n;
            seen[rows[i].ProfileId] = n + 1;
        }

        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, CopyStreams).Select(stream => Task.Run(async () =>
        {
            for (var k = 1 + stream; k <= repeats; k += CopyStreams)
            {
                await CopyHourAsync(dataSource, rows, k, r => bases.GetValueOrDefault(r.ProfileId)
                    + (long)(k - 1) * perHour[r.ProfileId]);
            }
        })));

        output.WriteLine($"COPY: {(long)repeats * rows.Length:N0} rows ({repeats} more hours of {rows.Length:N0} "
            + $"activity events) in {clock.Elapsed.TotalSeconds:F0} s");
        await AcknowledgeAsync(dataSource);

        async Task CopyHourAsync(NpgsqlDataSource data, StoredEvent[] template, int k, Func<StoredEvent, long> before)
        {
            await using var connection = await data.OpenConnectionAsync();
            await using (var off = new NpgsqlCommand("SET synchronous_commit = off", connection))
            {
                // The seed can be made again; waiting for each flush would only slow the bulk load.
                await off.ExecuteNonQueryAsync();
            }

            await using var transaction = await connection.BeginTransactionAsync();
            await using (var writer = await connection.BeginBinaryImportAsync(EventLogStore.CopyStatement))
            {
                var committed = Microseconds.Truncate(DateTime.UtcNow);
                for (var i = 0; i < template.Length; i++)
                {
                    var row = template[i];
                    var sequence = before(row) + indexInHour[i] + 1;
                    await EventLogStore.WriteRowAsync(writer, row with
                    {
                        Sequence = sequence,
                        EventId = EventIds.Create(row.ProfileId, sequence),
                        Created = row.Created.AddHours(k),
                        Committed = committed,
                        IdempotencyKey = $"{row.IdempotencyKey}-h{k}",
                    }, CancellationToken.None);
                }

                await writer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }
    }

    /// <summary>Profile creation, memberships and the first hour, phase by phase, a few batches at a time.</summary>
    private async Task<long> SendThroughApiAsync(ReplaySource source)
    {
        var key = Environment.GetEnvironmentVariable("Auth__SigningKey") is { Length: > 0 } k
            ? k
            : TokenMinter.DevelopmentSigningKey;
        using var http = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromMinutes(2) };
        var ingest = new IngestClient(new ApiClient(http, output), new TokenMinter(key).ServiceToken("bench-seed"));
        long sent = 0;
        foreach (var phase in source.Batches(Batch).GroupBy(b => b.Phase))
        {
            // Phases stay in order (a membership needs its user and profile); batches of one phase are independent.
            using var gate = new SemaphoreSlim(settings.InFlight);
            await Task.WhenAll(phase.Select(async batch =>
            {
                await gate.WaitAsync();
                try
                {
                    await ingest.SendAsync(batch.Events, CancellationToken.None);
                    Interlocked.Add(ref sent, batch.Events.Count);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        return sent;
    }

    /// <summary>
    /// The hundred most active users have read a quarter of their own events (every fourth of a profile's log),
    /// so unacknowledged searches pass over acknowledged ones as they would in use. Rows as an acknowledgement
    /// writes them; no grain holds acknowledgements in memory.
    /// </summary>
    private async Task AcknowledgeAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO event_acks (user_id, event_id)
            SELECT e.calling_user_id, e.event_id FROM events e
            JOIN (SELECT calling_user_id FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 100) top
              USING (calling_user_id)
            WHERE e.seq % 4 = 0
            ON CONFLICT DO NOTHING
            """);
        command.CommandTimeout = 0;
        output.WriteLine($"Acknowledged: {await command.ExecuteNonQueryAsync():N0} events");
    }

    private static async Task<Dictionary<string, long>> LogHeadsAsync(NpgsqlDataSource dataSource)
    {
        var heads = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand("SELECT profile_id, max(seq) FROM events GROUP BY 1");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            heads[reader.GetString(0)] = reader.GetInt64(1);
        }

        return heads;
    }

    /// <summary>Events that change no profile state; everything else goes through the API, once.</summary>
    private static bool IsActivityOnly(string name) =>
        EventCatalog.TryGet(name, out var definition) && !definition.ChangesMembership
        && definition.Category != "billing" && !StateEvents.Contains(name);

    /// <summary>The row ingestion would write for an item, as ProfileGrain.ToStoredEvent builds it.</summary>
    private static StoredEvent ToRow(ProductEvent item)
    {
        EventCatalog.TryGet(item.Event, out var definition);
        var ingest = new IngestItem
        {
            Event = item.Event, OrgId = item.OrgId, WorkspaceId = item.WorkspaceId, ShareId = item.ShareId,
            UserId = item.UserId, CallingUserId = item.CallingUserId,
        };
        var (kind, _) = IngestItemValidator.OwnerKindOf(ingest);
        return new StoredEvent
        {
            ProfileId = IngestItemValidator.OwnerOf(ingest),
            Sequence = 0,
            EventId = string.Empty,
            Created = Microseconds.Truncate(item.OccurredAt.UtcDateTime),
            Committed = DateTime.UtcNow,
            Name = definition.Name,
            Category = definition.Category ?? kind switch
            {
                ProfileKind.Share => "share",
                ProfileKind.Workspace => "workspace",
                ProfileKind.Org => "org",
                _ => "user",
            },
            Subcategory = definition.Subcategory,
            Visibility = definition.Visibility,
            Permission = definition.Permission,
            CallingUserId = item.CallingUserId,
            CallingUserName = item.CallingUserName,
            OrgId = item.OrgId,
            WorkspaceId = item.WorkspaceId,
            ShareId = item.ShareId,
            UserId = item.UserId,
            ObjectId = item.ObjectId,
            ParentEventId = item.ParentEventId,
            IdempotencyKey = item.IdempotencyKey,
            DetailsJson = item.Details is null ? null : JsonSerializer.Serialize(item.Details, ApiJson.Options),
        };
    }
}
