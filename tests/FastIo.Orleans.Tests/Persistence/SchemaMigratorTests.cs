using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FastIo.Orleans.Tests.Persistence;

public sealed class SchemaMigratorTests
{
    private static readonly string[] OrleansQueryKeys =
    [
        "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
    ];

    [Fact]
    public async Task Migrate_SeveralSilosAtOnce_AppliesEachMigrationExactlyOnce()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync("migrate_concurrent");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None)));
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var applied = await ReadColumnAsync(dataSource, "SELECT name FROM schema_migrations ORDER BY name");
        Assert.Equal(SchemaMigrator.ReadMigrations().Select(m => m.Name), applied);
    }

    [Fact]
    public async Task Migrate_FreshDatabase_StoresEveryQueryKeyOrleansAsksFor()
    {
        var connectionString = await PostgresServer.Shared.CreateDatabaseAsync("migrate_keys");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        var keys = await ReadColumnAsync(dataSource, "SELECT querykey FROM orleansquery");
        Assert.All(OrleansQueryKeys, key => Assert.Contains(key, keys));
    }

    private static async Task<List<string>> ReadColumnAsync(NpgsqlDataSource dataSource, string sql)
    {
        var values = new List<string>();
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
