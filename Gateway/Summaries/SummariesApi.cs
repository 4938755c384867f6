using FastIo.Orleans.Events;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.Events;
using FastIo.Orleans.Gateway.RateLimits;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.RateLimits;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// <c>GET /current/events/search/summarize/</c>: an event search with a summary of the events it matched.
/// The search is exactly the one <c>/events/search/</c> runs (parameters, access rules, rate-limit
/// channel); the summary is null, with <c>summary_unavailable</c> saying why, whenever one cannot be given.
/// </summary>
public static partial class SummariesApi
{
    public static IEndpointRouteBuilder MapSummariesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/current/events/search/summarize/", SummarizeAsync)
            .RequireAuthorization(AuthenticationExtensions.UserPolicy)
            .RequireRateLimit(RateLimitChannel.EventsSearch)
            .WithTags("Events")
            .WithName("SummarizeEvents")
            .WithSummary("Search events and summarise them")
            .WithDescription("Takes every parameter of /events/search/ plus user_context (focus guidance: at "
                + "most 64 letters, numbers, spaces and . , ! ? ' -). Answers the events and a summary of them: "
                + "text with @[type:ID:name] mention pills naming only what the events name, and exact metrics. "
                + "summary is null when no events matched or the org behind the profile is not billable "
                + "(summary_unavailable: no_events, no_org, org_not_billable) or generation failed or timed out "
                + "(generation_failed, generation_timed_out). Shares the events_search rate-limit channel.");
        return app;
    }

    private static async Task<IResult> SummarizeAsync(
        HttpContext context, IGrainFactory grains, EventSummarizer summarizer, ILoggerFactory loggers)
    {
        var userContext = UserContext.Parse(context.Request.Query, out var problem);
        if (userContext is null)
        {
            return Envelope.Error(ApiError.InputInvalid, problem!.Name + " " + problem.Message, problem);
        }

        var (error, search) = await EventSearch.RunAsync(context, grains, UserContext.Parameter);
        if (error is not null)
        {
            return error;
        }

        var logger = loggers.CreateLogger(typeof(SummariesApi).FullName!);
        SummaryOutcome outcome;
        try
        {
            outcome = await SummaryOfAsync(context, grains, summarizer, search!, userContext, logger);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The search has answered; a summary is an extra that must not take the events away with it.
            LogSummaryFailed(logger, exception, search!.ProfileId ?? search.Request.TargetId);
            outcome = SummaryOutcome.Without(SummaryUnavailable.Failed);
        }

        return Envelope.Ok(writer =>
        {
            SummaryJson.Write(writer, outcome.Summary);
            if (outcome.Unavailable is { } reason)
            {
                writer.WriteString("summary_unavailable", reason);
            }

            writer.WriteStartArray("events");
            foreach (var e in search!.Events)
            {
                EventJson.Write(writer, e);
            }

            writer.WriteEndArray();
        });
    }

    private static async Task<SummaryOutcome> SummaryOfAsync(HttpContext context, IGrainFactory grains,
        EventSummarizer summarizer, EventSearch search, string userContext, ILogger logger)
    {
        if (search.Events.Count == 0)
        {
            return SummaryOutcome.Without(SummaryUnavailable.NoEvents);
        }

        var caller = context.User;
        var profileId = search.ProfileId ?? search.Request.TargetId;
        var events = SummaryEvent.From(search.Events);
        var payerLookup = SummaryBilling.FindAsync(grains, search, events, caller.UserId());
        var namesLookup = ProfileNamesAsync(grains, MentionCatalog.BusiestProfiles(events));
        await Task.WhenAll(payerLookup, namesLookup);
        var payer = await payerLookup;
        if (payer.OrgId is not { } orgId)
        {
            LogNotBilled(logger, profileId, payer.Unavailable!);
            return SummaryOutcome.Without(payer.Unavailable!);
        }

        var input = SummaryInput.Create(events, userContext, search.ProfileId, await namesLookup);
        var outcome = await summarizer.SummarizeAsync(input, profileId, context.RequestAborted);
        if (outcome.Generation is { } generation)
        {
            await RecordUsageAsync(grains, SummaryUsage.Item(orgId, caller, profileId, input, generation), logger);
        }

        return outcome;
    }

    /// <summary>Current names of the busiest workspaces and shares, asked of their profiles together.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ProfileNamesAsync(
        IGrainFactory grains, IReadOnlyList<string> profileIds)
    {
        var names = await Task.WhenAll(profileIds.Select(id => grains.GetProfile(id).GetNameAsync()));
        return profileIds.Zip(names)
            .Where(pair => pair.Second is not null)
            .ToDictionary(pair => pair.First, pair => pair.Second!, StringComparer.Ordinal);
    }

    /// <summary>
    /// The summary has been produced, so a failure to record its usage does not take it from the caller;
    /// it is logged as an error for the operator, since the org's log now misses a billable use.
    /// </summary>
    private static async Task RecordUsageAsync(IGrainFactory grains, IngestItem item, ILogger logger)
    {
        try
        {
            var outcome = await grains.GetGrain<IIngestionGrain>(0).IngestAsync(new IngestBatch([item]));
            if (outcome.Status != AppendStatus.Recorded)
            {
                var detail = outcome.Problems.Count > 0
                    ? string.Join("; ", outcome.Problems.Select(p => $"{p.Name} {p.Message}"))
                    : outcome.Status.ToString();
                LogUsageNotRecorded(logger, item.OrgId!, detail);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUsageFailed(logger, exception, item.OrgId!);
        }
    }

    [LoggerMessage(EventId = 710, Level = LogLevel.Debug,
        Message = "No summary for profile {ProfileId}: {Reason}")]
    private static partial void LogNotBilled(ILogger logger, string profileId, string reason);

    [LoggerMessage(EventId = 713, Level = LogLevel.Error,
        Message = "The summary of profile {ProfileId} failed before generation; answering the events without one")]
    private static partial void LogSummaryFailed(ILogger logger, Exception exception, string profileId);

    [LoggerMessage(EventId = 711, Level = LogLevel.Error,
        Message = "events_summary_generated was not recorded in org {OrgId}: {Detail}")]
    private static partial void LogUsageNotRecorded(ILogger logger, string orgId, string detail);

    [LoggerMessage(EventId = 712, Level = LogLevel.Error,
        Message = "events_summary_generated could not be recorded in org {OrgId}")]
    private static partial void LogUsageFailed(ILogger logger, Exception exception, string orgId);
}
