using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Grains.Profiles;
using FastIo.Orleans.Grains.Search;
using Microsoft.Extensions.DependencyInjection;
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
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<EventLogStore>();
        services.AddSingleton<EventSearchStore>();
        services.AddOptions<ProfileOptions>()
            .BindConfiguration(ProfileOptions.Section)
            .Validate(o => o.SnapshotInterval >= 10, $"{ProfileOptions.Section}:SnapshotInterval must be at least 10")
            .ValidateOnStart();
        return services;
    }
}
