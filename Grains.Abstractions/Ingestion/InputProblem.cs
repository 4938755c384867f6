namespace FastIo.Orleans.Ingestion;

/// <summary>One input at fault, named as the caller wrote it (for example <c>events[3].workspace_id</c>).</summary>
[GenerateSerializer, Immutable]
public sealed record InputProblem([property: Id(0)] string Name, [property: Id(1)] string Message);
