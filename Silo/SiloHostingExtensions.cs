using System.Net;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Grains;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.ServiceDefaults;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace FastIo.Orleans.Silo;

public static class SiloHostingExtensions
{
    public const string ActivityStreamProvider = ActivityStreams.Provider;

    /// <summary>
    /// A silo on PostgreSQL: ADO.NET clustering, the event store, and the stream provider that carries
    /// activity keys to gateways.
    /// </summary>
    public static WebApplicationBuilder AddFastIoSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var connectionString = configuration.PostgresConnectionString();
        var endpoints = configuration.GetSection(SiloEndpointOptions.Section).Get<SiloEndpointOptions>()
            ?? new SiloEndpointOptions();
        var cluster = configuration.GetSection(OrleansClusterOptions.Section).Get<OrleansClusterOptions>()
            ?? new OrleansClusterOptions();
        var activity = configuration.GetSection(ActivityStreamOptions.Section).Get<ActivityStreamOptions>()
            ?? new ActivityStreamOptions();
        if (ActivityStreamOptions.Validate(activity) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddEventStore();
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.ConfigureEndpoints(
                IPAddress.Parse(endpoints.AdvertisedIP), endpoints.SiloPort, endpoints.GatewayPort,
                listenOnAnyHostAddress: endpoints.ListenOnAnyHostAddress);
            silo.AddAdoNetGrainStorage("PubSubStore", o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddMemoryStreams(ActivityStreamProvider, streams =>
            {
                streams.ConfigurePartitioning(activity.Queues);
                streams.ConfigurePullingAgent(agent => agent.Configure(
                    o => o.GetQueueMsgsTimerPeriod = activity.QueuePollPeriod));
            });
            if (configuration.TelemetryExported())
            {
                silo.AddActivityPropagation();
            }

            silo.AddIncomingGrainCallFilter<StoreFaultFilter>();
            if (configuration.DashboardEnabled())
            {
                // Gathers grain statistics for the dashboard that gateways serve to operators; the live log
                // view stays off, as logs name users and profiles.
                silo.AddDashboard(o => o.HideTrace = true);
            }
        });
        builder.Services.AddHealthChecks().AddReadinessCheck<SiloHealthCheck>("silo");
        return builder;
    }

    /// <summary>Brings the schema up to date before the silo joins the cluster: Orleans reads its queries from
    /// it.</summary>
    public static async Task MigrateEventStoreAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(app.Lifetime.ApplicationStopping);
    }
}
