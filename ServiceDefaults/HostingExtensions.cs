using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FastIo.Orleans.ServiceDefaults;

/// <summary>What every FastIo host (silo and gateway) sets up the same way.</summary>
public static class HostingExtensions
{
    public const string ProductMeterName = "FastIo.Orleans";
    public const string ConnectionStringName = "Postgres";

    /// <summary>Whether the Orleans dashboard runs (silos gather statistics, gateways serve it); off unless
    /// set.</summary>
    public const string DashboardEnabledKey = "Dashboard:Enabled";
    private const string ReadyTag = "ready";

    /// <summary>OpenTelemetry for traces, metrics and logs (exported over OTLP when an endpoint is set) and health
    /// checks.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", ProductMeterName));

        // Spans and log records are only built when something will receive them: with tracing on, every grain
        // call and request allocates an Activity with its tags, which costs the silo a fifth of its CPU at full
        // ingestion and a waiting poll its memory, for nothing when no collector is configured.
        if (builder.Configuration.TelemetryExported())
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
            telemetry
                .WithTracing(tracing => tracing
                    .AddAspNetCoreInstrumentation(o =>
                        o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource(
                        "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"))
                .UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag]);
        return builder;
    }

    /// <summary>One pooled PostgreSQL data source per process, from <c>ConnectionStrings:Postgres</c>.</summary>
    public static WebApplicationBuilder AddPostgres(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set "
                + $"(environment ConnectionStrings__{ConnectionStringName}).");
        }

        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddSingleton<System.Data.Common.DbDataSource>(sp => sp.GetRequiredService<NpgsqlDataSource>());
        return builder;
    }

    /// <summary>Whether an OTLP collector is configured: traces, logs and grain-call trace propagation are only
    /// produced then.</summary>
    public static bool TelemetryExported(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static bool DashboardEnabled(this IConfiguration configuration) =>
        configuration.GetValue(DashboardEnabledKey, defaultValue: false);

    public static string PostgresConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)!;

    /// <summary><c>/health/live</c> answers while the process runs; <c>/health/ready</c> checks its
    /// dependencies.</summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
        });
        return app;
    }

    public static IHealthChecksBuilder AddReadinessCheck<T>(this IHealthChecksBuilder builder, string name)
        where T : class, IHealthCheck => builder.AddCheck<T>(name, tags: [ReadyTag]);
}
