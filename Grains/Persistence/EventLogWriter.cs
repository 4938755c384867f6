using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FastIo.Orleans.Grains.Persistence;

/// <summary>
/// Group commit for the whole silo: appends that profiles hand in while a transaction is being written are
/// gathered into the next one, so a batch touching five hundred profiles costs a few commits rather than
/// five hundred. Each profile still assigns its own sequence numbers; this only shares the round trips.
/// </summary>
public sealed partial class EventLogWriter : IAsyncDisposable
{
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(
        new UnboundedChannelOptions { SingleReader = false });

    private readonly EventLogStore _store;
    private readonly ILogger<EventLogWriter> _logger;
    private readonly int _maxRows;
    private readonly Task[] _writers;

    public EventLogWriter(EventLogStore store, IOptions<EventLogWriterOptions> options, ILogger<EventLogWriter> logger)
    {
        _store = store;
        _logger = logger;
        _maxRows = options.Value.MaxRowsPerTransaction;
        _writers = Enumerable.Range(0, options.Value.Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    /// <summary>Completes once the events are committed; faults with the store's error if they are not.</summary>
    public Task AppendAsync(IReadOnlyList<StoredEvent> events, IReadOnlyList<MemberChange> members, ActivityMark? mark)
    {
        var pending = new PendingAppend(events, members, mark is null ? [] : [mark]);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(EventLogWriter));
        }

        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            var rows = 0;
            while (rows < _maxRows && _queue.Reader.TryRead(out var pending))
            {
                group.Add(pending);
                rows += pending.Events.Count + pending.Marks.Count;
            }

            if (group.Count > 0)
            {
                await WriteGroupAsync(group);
            }
        }
    }

    private async Task WriteGroupAsync(List<PendingAppend> group)
    {
        try
        {
            await _store.AppendAsync(
                group.SelectMany(p => p.Events).ToList(), group.SelectMany(p => p.Members).ToList(),
                group.SelectMany(p => p.Marks).ToList(), CancellationToken.None);
            foreach (var pending in group)
            {
                pending.Completion.TrySetResult();
            }

            return;
        }
        catch (Exception exception) when (group.Count > 1)
        {
            // One part (a profile that lost its single-writer race, say) must not fail the others: write
            // each part alone so every caller gets its own outcome.
            LogGroupFailed(exception, group.Count);
        }
        catch (Exception exception)
        {
            group[0].Completion.TrySetException(exception);
            return;
        }

        foreach (var pending in group)
        {
            try
            {
                await _store.AppendAsync(pending.Events, pending.Members, pending.Marks, CancellationToken.None);
                pending.Completion.TrySetResult();
            }
            catch (Exception exception)
            {
                pending.Completion.TrySetException(exception);
            }
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning,
        Message = "A group commit of {Parts} appends failed; writing each part alone")]
    private partial void LogGroupFailed(Exception exception, int parts);

    private sealed record PendingAppend(
        IReadOnlyList<StoredEvent> Events, IReadOnlyList<MemberChange> Members, IReadOnlyList<ActivityMark> Marks)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public sealed class EventLogWriterOptions
{
    public const string Section = "EventLog";

    /// <summary>Transactions written at once by a silo. Default 2: one commits while the next gathers.</summary>
    public int Writers { get; set; } = 2;

    /// <summary>Most rows gathered into one transaction. Default 5000.</summary>
    public int MaxRowsPerTransaction { get; set; } = 5000;
}
