using FastIo.Orleans.LoadTest.Ingestion;
using Npgsql;

namespace FastIo.Orleans.LoadTest.Checks;

/// <summary>
/// Compares the ledger with the event log (<c>events</c>, see Grains/Persistence/Migrations/0003_event_log.sql):
/// every acknowledged idempotency key stored exactly once with the event ID that was answered, and no object of
/// this run recorded twice under any key.
/// </summary>
public static class DatabaseCheck
{
    private const int Chunk = 5000;

    public static async Task<DatabaseResult> RunAsync(string connectionString, Population population,
        IReadOnlyCollection<AcknowledgedEvent> ledger, string objectPrefix, CancellationToken cancellation)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        long lost = 0, keyDuplicates = 0, wrongEventId = 0;
        foreach (var chunk in ledger.Chunk(Chunk))
        {
            var stored = new Dictionary<string, (long Rows, string EventId)>(StringComparer.Ordinal);
            await using (var query = source.CreateCommand("""
                SELECT idempotency_key, count(*), min(event_id) FROM events
                WHERE idempotency_key = ANY($1) GROUP BY idempotency_key
                """))
            {
                query.Parameters.Add(new NpgsqlParameter { Value = chunk.Select(e => e.IdempotencyKey).ToArray() });
                await using var reader = await query.ExecuteReaderAsync(cancellation);
                while (await reader.ReadAsync(cancellation))
                {
                    stored[reader.GetString(0)] = (reader.GetInt64(1), reader.GetString(2));
                }
            }

            foreach (var e in chunk)
            {
                if (!stored.TryGetValue(e.IdempotencyKey, out var row))
                {
                    lost++;
                    continue;
                }

                keyDuplicates += row.Rows - 1;
                wrongEventId += row.EventId == e.EventId ? 0 : 1;
            }
        }

        // Each event of the run has its own object, so two rows for one object are one event recorded twice.
        await using var objects = source.CreateCommand("""
            SELECT count(*), count(DISTINCT object_id) FROM events
            WHERE workspace_id = ANY($1) AND object_id LIKE $2
            """);
        objects.Parameters.Add(new NpgsqlParameter { Value = population.Workspaces.ToArray() });
        objects.Parameters.Add(new NpgsqlParameter { Value = objectPrefix + "%" });
        await using var counts = await objects.ExecuteReaderAsync(cancellation);
        await counts.ReadAsync(cancellation);
        var rows = counts.GetInt64(0);
        var distinct = counts.GetInt64(1);
        return new DatabaseResult(ledger.Count, lost, Math.Max(keyDuplicates, rows - distinct), wrongEventId,
            rows, Math.Max(0, distinct - (ledger.Count - lost)));
    }
}

/// <summary>
/// The database's view of the ledger. <c>StoredUnacknowledged</c> are events stored whose answer never came
/// (a retry given up, a run interrupted): not a fault, since they were never acknowledged.
/// </summary>
public sealed record DatabaseResult(long Acknowledged, long Lost, long Duplicated, long WrongEventId, long RowsOfRun,
    long StoredUnacknowledged);
