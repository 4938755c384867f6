using FastIo.Orleans.Persistence;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FastIo.Orleans.Grains.Persistence;

/// <summary>
/// Turns an error from PostgreSQL escaping any grain method into <see cref="DataStoreUnavailableException"/>:
/// Npgsql's exceptions have no Orleans codec, so unconverted they reach the caller as a serialization failure
/// that says nothing of the cause. The original is logged here, where it happened: at Warning when Npgsql calls it
/// transient (the store is down or overloaded), at Error otherwise (a query the store refuses is a bug). Grains
/// that answer a store fault themselves (an outcome with a status) never get here.
/// </summary>
public sealed partial class StoreFaultFilter(ILogger<StoreFaultFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (PostgresErrors.IsFromStore(exception))
        {
            if (exception is NpgsqlException { IsTransient: true }
                || exception.InnerException is NpgsqlException { IsTransient: true })
            {
                LogUnavailable(exception, context.InterfaceName, context.MethodName);
            }
            else
            {
                LogRefused(exception, context.InterfaceName, context.MethodName);
            }

            throw new DataStoreUnavailableException($"The event store did not answer {context.MethodName}.");
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning,
        Message = "The event store was unavailable to {Interface}.{Method}")]
    private partial void LogUnavailable(Exception exception, string @interface, string method);

    [LoggerMessage(EventId = 901, Level = LogLevel.Error,
        Message = "The event store refused a statement of {Interface}.{Method}")]
    private partial void LogRefused(Exception exception, string @interface, string method);
}
