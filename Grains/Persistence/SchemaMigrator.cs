using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FastIo.Orleans.Grains.Persistence;

/// <summary>
/// Applies the embedded SQL migrations in name order, each once, each in its own transaction. A session
/// advisory lock makes concurrent start-ups of several silos take turns instead of racing.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    private const long AdvisoryLockKey = 0x46_41_53_54_49_4F; // "FASTIO"
    private const string ResourceMarker = ".Persistence.Migrations.";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name       text        NOT NULL PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT clock_timestamp())
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            foreach (var (name, sql) in ReadMigrations())
            {
                if (applied.Contains(name))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, sql, cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (name) VALUES ($1)", connection, transaction))
                {
                    record.Parameters.AddWithValue(name);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(name);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    /// <summary>The embedded migrations, by file name, in the order they apply.</summary>
    public static IReadOnlyList<(string Name, string Sql)> ReadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<(string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            var marker = resource.IndexOf(ResourceMarker, StringComparison.Ordinal);
            if (marker < 0)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((resource[(marker + ResourceMarker.Length)..], reader.ReadToEnd()));
        }

        return migrations;
    }

    private static async Task<HashSet<string>> ReadAppliedAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Applied schema migration {Migration}")]
    private partial void LogApplied(string migration);
}
