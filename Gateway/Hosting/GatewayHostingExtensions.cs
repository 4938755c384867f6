using System.Text.Json;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Gateway.Activity;
using FastIo.Orleans.Gateway.Operations;
using FastIo.Orleans.ServiceDefaults;
using Orleans.Configuration;

namespace FastIo.Orleans.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>An Orleans client that finds the silos through the same ADO.NET membership table they write.</summary>
    public static WebApplicationBuilder AddClusterClient(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.PostgresConnectionString();
        var cluster = builder.Configuration.GetSection(OrleansClusterOptions.Section).Get<OrleansClusterOptions>()
            ?? new OrleansClusterOptions();
        var connections = new ClusterConnectionState();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            // Silos that join (a scale-out, a replacement on a new address) are found within seconds rather than
            // Orleans' default minute; each refresh is one read of the membership table.
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(10));
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            if (builder.Configuration.TelemetryExported())
            {
                client.AddActivityPropagation();
            }

            client.AddMemoryStreams(ActivityStreams.Provider);
            client.AddClusterConnectionStatusObserver<ActivityConnectionObserver>();
            client.AddClusterConnectionStatusObserver(connections);
            client.AddOperatorDashboard(builder.Configuration);
        });
        builder.Services.AddSingleton(connections);
        builder.Services.AddHealthChecks().AddReadinessCheck<ClusterHealthCheck>("cluster");
        return builder;
    }

    /// <summary>The gateway's product metrics (see <see cref="GatewayMetrics"/>).</summary>
    public static WebApplicationBuilder AddGatewayMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<GatewayMetrics>();
        return builder;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FastIo events and activity";
            document.Info.Description = "Event search, acknowledgement, activity and ingestion. Errors use the "
                + "envelope {\"result\":\"no\",\"error\":{code,error_code,text,resource,params}}.";
            return Task.CompletedTask;
        }));
        builder.Services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        return builder;
    }
}
