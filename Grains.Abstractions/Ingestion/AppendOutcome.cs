namespace FastIo.Orleans.Ingestion;

public enum AppendStatus
{
    /// <summary>Every item is durable (or was already, under its idempotency key).</summary>
    Recorded,

    /// <summary>Nothing was recorded: some items are invalid for this profile.</summary>
    Invalid,

    /// <summary>Nothing was recorded: the event store could not be written.</summary>
    DataStoreFailed,
}

[GenerateSerializer, Immutable]
public sealed record AppendOutcome(
    [property: Id(0)] AppendStatus Status,
    [property: Id(1)] IReadOnlyList<RecordedEvent> Recorded,
    [property: Id(2)] IReadOnlyList<InputProblem> Problems)
{
    public static AppendOutcome Invalid(IReadOnlyList<InputProblem> problems) =>
        new(AppendStatus.Invalid, [], problems);

    public static readonly AppendOutcome DataStoreFailed = new(AppendStatus.DataStoreFailed, [], []);
}
