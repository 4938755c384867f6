namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// Runs the configured generator within the timeout and passes its text through the pill sanitiser. A
/// failure or timeout is never the caller's error: the outcome has no summary and a reason, and is logged.
/// </summary>
/// <remarks>
/// Summaries run in the gateway, not in a grain. Generation waits seconds on an outside service; in a
/// profile grain that wait would hold activations and silo threads that searches and appends need, and
/// the model client (HTTP, keys, timeouts) belongs with the other edge concerns. Gateways are stateless
/// and scale out with the request load; grains are still asked for the search, the billing state and
/// for recording the usage event.
/// </remarks>
public sealed partial class EventSummarizer(
    ISummaryGenerator generator, SummaryOptions options, TimeProvider time, ILogger<EventSummarizer> logger)
{
    public string GeneratorName => generator.Name;

    public async Task<SummaryOutcome> SummarizeAsync(
        SummaryInput input, string profileId, CancellationToken cancellationToken)
    {
        LogSummarizing(input.Metrics.TotalEvents, profileId, generator.Name);
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        GeneratedSummary generated;
        Task<GeneratedSummary>? generation = null;
        try
        {
            // WaitAsync bounds a generator that ignores cancellation, too.
            generation = generator.GenerateAsync(input, linked.Token);
            generated = await generation.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested
            && !cancellationToken.IsCancellationRequested)
        {
            Observe(generation);
            LogTimedOut(generator.Name, options.Timeout.TotalMilliseconds, profileId);
            return SummaryOutcome.Without(SummaryUnavailable.TimedOut);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(exception, generator.Name, profileId);
            return SummaryOutcome.Without(SummaryUnavailable.Failed);
        }

        var sanitized = PillSanitizer.Sanitize(generated.Text ?? string.Empty, input.Mentions);
        if (sanitized.Removed > 0)
        {
            LogPillsRemoved(sanitized.Removed, generator.Name, profileId);
        }

        if (sanitized.Text.Length == 0)
        {
            LogEmpty(generator.Name, profileId);
            return SummaryOutcome.Without(SummaryUnavailable.Failed);
        }

        return new SummaryOutcome(new EventSummary(sanitized.Text, input.Metrics), generated, null);
    }

    /// <summary>A generation abandoned at the timeout may fail later; its fault is observed, not left loose.</summary>
    private static void Observe(Task? task) =>
        task?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug,
        Message = "Summarising {EventCount} events of profile {ProfileId} with {Generator}")]
    private partial void LogSummarizing(int eventCount, string profileId, string generator);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning,
        Message = "Summary generator {Generator} did not answer within {TimeoutMs} ms for profile {ProfileId}; "
            + "answering without a summary")]
    private partial void LogTimedOut(string generator, double timeoutMs, string profileId);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error,
        Message = "Summary generator {Generator} failed for profile {ProfileId}; answering without a summary")]
    private partial void LogFailed(Exception exception, string generator, string profileId);

    [LoggerMessage(EventId = 703, Level = LogLevel.Information,
        Message = "Removed {Count} mention pills that {Generator} wrote for profile {ProfileId} but the events "
            + "do not name")]
    private partial void LogPillsRemoved(int count, string generator, string profileId);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning,
        Message = "Summary generator {Generator} wrote nothing usable for profile {ProfileId}")]
    private partial void LogEmpty(string generator, string profileId);
}
