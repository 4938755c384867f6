using FastIo.Orleans.Persistence;

namespace FastIo.Orleans.Grains.Persistence;

/// <summary>
/// Turns a store fault escaping any grain method into <see cref="DataStoreUnavailableException"/>: Npgsql's
/// exceptions have no Orleans codec, so unconverted they reach the caller as a serialization failure that says
/// nothing about the outage. Grains that answer a store fault themselves (an outcome with a status) are unaffected.
/// </summary>
public sealed class StoreFaultFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (PostgresErrors.IsStoreFault(exception))
        {
            throw new DataStoreUnavailableException($"The event store did not answer {context.MethodName}.");
        }
    }
}
