namespace FastIo.Orleans.Search;

/// <summary>
/// A search answer ready to send: the <c>events</c> array as UTF-8 JSON, rendered once by the profile grain and
/// kept with its cached answer, so a cached page crosses the wire as one block of bytes rather than as objects
/// to serialise, deserialise and write out again on every request.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SearchPage(
    [property: Id(0)] SearchStatus Status,
    [property: Id(1)] byte[] EventsJson)
{
    public static readonly SearchPage Denied = new(SearchStatus.Denied, []);
    public static readonly SearchPage QueryFailed = new(SearchStatus.QueryFailed, []);
}
