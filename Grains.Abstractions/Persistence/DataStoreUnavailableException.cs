namespace FastIo.Orleans.Persistence;

/// <summary>
/// The event store (PostgreSQL) could not be reached or did not answer in time. Grains raise this in place of the
/// driver's own exceptions, which cannot cross a grain call, so callers can answer with the product's data-store
/// error (retry later) rather than a generic fault. The message never carries connection details.
/// </summary>
[GenerateSerializer]
public sealed class DataStoreUnavailableException : Exception
{
    public DataStoreUnavailableException()
        : base("The event store is unavailable.")
    {
    }

    public DataStoreUnavailableException(string message)
        : base(message)
    {
    }

    public DataStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
