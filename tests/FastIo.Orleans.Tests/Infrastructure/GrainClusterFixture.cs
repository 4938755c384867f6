using FastIo.Orleans.Grains;
using FastIo.Orleans.Grains.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;

namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>
/// An Orleans test cluster (two silos, in this process) whose grains use a real PostgreSQL database of their
/// own, shared by the tests of one class; tests use fresh profile IDs.
/// </summary>
public sealed class GrainClusterFixture : IAsyncLifetime
{
    private const string ConnectionKey = "ConnectionStrings:Postgres";

    public TestCluster Cluster { get; private set; } = null!;

    public string ConnectionString { get; private set; } = string.Empty;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync("grains");
        await using (var dataSource = NpgsqlDataSource.Create(ConnectionString))
        {
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        var builder = new TestClusterBuilder(2);
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ConnectionKey] = ConnectionString,
            ["Profiles:SnapshotInterval"] = "10",
        }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton(sp =>
                NpgsqlDataSource.Create(sp.GetRequiredService<IConfiguration>()[ConnectionKey]!));
            siloBuilder.Services.AddEventStore();
            siloBuilder.AddMemoryGrainStorage("PubSubStore");
            siloBuilder.AddMemoryStreams(FastIo.Orleans.Activity.ActivityStreams.Provider);
        }
    }
}
