using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Grains.Profiles;
using FastIo.Orleans.Grains.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace FastIo.Orleans.Grains;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains need from PostgreSQL. Expects an <see cref="NpgsqlDataSource"/> already
    /// registered by the host, so one pool serves the grains and Orleans' own providers.
    /// </summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<EventLogStore>();
        services.AddSingleton<EventSearchStore>();
        services.AddSingleton<SearchInvalidations>();
        services.AddSingleton<EventLogWriter>();
        services.AddSingleton<Ingestion.ProfileDirectoryCache>();
        services.AddOptions<EventLogWriterOptions>()
            .BindConfiguration(EventLogWriterOptions.Section)
            .Validate(o => o.Writers is >= 1 and <= 16, $"{EventLogWriterOptions.Section}:Writers must be 1 to 16")
            .Validate(
                o => o.MaxRowsPerTransaction >= 1,
                $"{EventLogWriterOptions.Section}:MaxRowsPerTransaction must be positive")
            .ValidateOnStart();
        services.AddOptions<ProfileOptions>()
            .BindConfiguration(ProfileOptions.Section)
            .Validate(o => o.SnapshotInterval >= 10, $"{ProfileOptions.Section}:SnapshotInterval must be at least 10")
            .ValidateOnStart();
        return services;
    }
}
