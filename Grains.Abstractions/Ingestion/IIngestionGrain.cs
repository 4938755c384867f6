namespace FastIo.Orleans.Ingestion;

/// <summary>
/// Takes a batch from the ingestion API, validates it whole, and hands each profile its share of the
/// batch. Stateless: any silo runs it, as many at once as load needs.
/// </summary>
public interface IIngestionGrain : IGrainWithIntegerKey
{
    Task<AppendOutcome> IngestAsync(IngestBatch batch);
}
