using FastIo.Orleans.Ingestion;
using Microsoft.Extensions.Options;

namespace FastIo.Orleans.Silo.Billing;

/// <summary>
/// Works through the billing inbox on every silo: claims due events, records each in its org's log
/// through the ingestion grain, and settles the row. Effects carry an idempotency key derived from the
/// Stripe event ID, so an event applied by a silo that died before settling it is answered, not recorded
/// again, when it is claimed the next time.
/// </summary>
public sealed partial class BillingInboxProcessor(
    BillingInboxStore store,
    IGrainFactory grains,
    BillingInboxMetrics metrics,
    IOptions<BillingInboxOptions> options,
    ILogger<BillingInboxProcessor> logger) : BackgroundService
{
    public const string CallingUserName = "Stripe";
    private static readonly TimeSpan OpenCountInterval = TimeSpan.FromSeconds(10);

    private readonly BillingInboxOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var nextOpenCount = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTime.UtcNow >= nextOpenCount)
                {
                    var (backlog, needingOperator) = await store.CountOpenAsync(stoppingToken);
                    metrics.Open(backlog, needingOperator);
                    nextOpenCount = DateTime.UtcNow + OpenCountInterval;
                }

                var claimed = await store.ClaimAsync(_options.BatchSize, _options.Lease, stoppingToken);
                failures = 0;
                if (claimed.Count > 0)
                {
                    await ProcessBatchAsync(claimed, stoppingToken);
                }

                if (claimed.Count < _options.BatchSize)
                {
                    await Task.Delay(_options.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                var delay = _options.RetryDelay(++failures);
                LogClaimFailed(exception, delay);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task ProcessBatchAsync(List<BillingInboxItem> claimed, CancellationToken stoppingToken)
    {
        LogClaimed(claimed.Count);
        if (_options.PauseAfterClaim > TimeSpan.Zero)
        {
            LogPausing("claiming", _options.PauseAfterClaim);
            await Task.Delay(_options.PauseAfterClaim, stoppingToken);
        }

        // Stopping does not abandon a claimed event half-way; what is not reached stays pending under its lease.
        await Parallel.ForEachAsync(claimed,
            new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency },
            async (item, _) => await ProcessAsync(item));
    }

    private async Task ProcessAsync(BillingInboxItem item)
    {
        if (item.Attempts > _options.MaxAttempts)
        {
            // Counted at claim time: reaching here means earlier tries ended without an answer (a crash or a hang).
            await GiveUpAsync(item, InboxStatus.Parked, null, "no outcome after the last try");
            return;
        }

        string? orgId = null;
        try
        {
            var work = StripeEventTranslator.Translate(item);
            switch (work.Kind)
            {
                case BillingWorkKind.Ignore:
                    await SettleAsync(item, InboxStatus.Ignored, null, "ignored");
                    return;
                case BillingWorkKind.LinkCustomer:
                    await store.LinkCustomerAsync(work.CustomerId!, work.OrgId!, CancellationToken.None);
                    await SettleAsync(item, InboxStatus.Done, work.OrgId, "linked");
                    return;
            }

            // An org not (yet) found is retried like a failure before the event is left unmatched: Stripe can
            // be faster than the platform's own org_created, or than the event that names the customer's org.
            orgId = work.OrgId ?? (work.CustomerId is { } customer
                ? await store.FindOrgOfCustomerAsync(customer, CancellationToken.None)
                : null);
            if (orgId is null)
            {
                await FailAsync(item, InboxStatus.Unmatched, null,
                    "no org: neither metadata.org_id nor a known customer");
                return;
            }

            var batch = new IngestBatch([ToIngestItem(item, work, orgId)]);
            var outcome = await grains.GetGrain<IIngestionGrain>(0).IngestAsync(batch);
            switch (outcome.Status)
            {
                case AppendStatus.Recorded:
                    await AfterApplyAsync(item, work, orgId);
                    return;
                case AppendStatus.Invalid when NamesOrg(outcome):
                    await FailAsync(item, InboxStatus.Unmatched, orgId, $"org {orgId} is not a known org");
                    return;
                case AppendStatus.Invalid:
                    // The same event would be refused the same way on every try: an operator's case at once.
                    await GiveUpAsync(item, InboxStatus.Parked, orgId,
                        "refused by ingestion: "
                        + string.Join("; ", outcome.Problems.Select(p => p.Name + " " + p.Message)));
                    return;
                default:
                    await FailAsync(item, InboxStatus.Parked, orgId, "the event store could not be written");
                    return;
            }
        }
        catch (StripeEventFormatException exception)
        {
            // A payload without the fields every such event has will not grow them on a retry.
            await TryAsync(() => GiveUpAsync(item, InboxStatus.Parked, orgId, Describe(exception)));
        }
        catch (Exception exception)
        {
            LogTryFailed(exception, item.StripeEventId, item.EventType, item.Attempts);
            await TryAsync(() => FailAsync(item, InboxStatus.Parked, orgId, Describe(exception)));
        }
    }

    private async Task AfterApplyAsync(BillingInboxItem item, BillingWork work, string orgId)
    {
        if (_options.PauseAfterApply > TimeSpan.Zero)
        {
            LogPausing("applying", _options.PauseAfterApply);
            await Task.Delay(_options.PauseAfterApply);
        }

        if (work.CustomerId is { } customer && work.OrgId is not null)
        {
            await store.LinkCustomerAsync(customer, orgId, CancellationToken.None);
        }

        await SettleAsync(item, InboxStatus.Done, orgId, "applied");
        LogApplied(item.StripeEventId, item.EventType, orgId);
    }

    private async Task SettleAsync(BillingInboxItem item, string status, string? orgId, string outcome)
    {
        if (await store.FinishAsync(item, status, orgId, null))
        {
            metrics.Processed(outcome, item.EventType);
        }
    }

    /// <summary>Retries with backoff; after the last try, leaves the event as <paramref name="finalStatus"/>.</summary>
    private async Task FailAsync(BillingInboxItem item, string finalStatus, string? orgId, string reason)
    {
        if (item.Attempts < _options.MaxAttempts)
        {
            var delay = _options.RetryDelay(item.Attempts);
            await store.RetryLaterAsync(item, delay, reason);
            metrics.Retried(item.EventType);
            LogRetrying(item.StripeEventId, item.EventType, item.Attempts, _options.MaxAttempts, delay, reason);
            return;
        }

        await GiveUpAsync(item, finalStatus, orgId, reason);
    }

    private async Task GiveUpAsync(BillingInboxItem item, string status, string? orgId, string reason)
    {
        if (!await store.FinishAsync(item, status, orgId, reason))
        {
            return;
        }

        if (status == InboxStatus.Unmatched)
        {
            metrics.GivenUp("unknown_org", item.EventType);
            LogUnmatched(item.StripeEventId, item.EventType, item.Attempts, reason);
        }
        else
        {
            metrics.GivenUp("failed", item.EventType);
            LogParked(item.StripeEventId, item.EventType, item.Attempts, reason);
        }
    }

    private IngestItem ToIngestItem(BillingInboxItem item, BillingWork work, string orgId) => new()
    {
        Event = work.EventName,
        CallingUserId = _options.SystemUserId,
        CallingUserName = CallingUserName,
        OrgId = orgId,
        ObjectId = work.ObjectId,
        OccurredAt = DateTimeOffset.FromUnixTimeSeconds(work.Created).UtcDateTime,
        IdempotencyKey = IdempotencyKey(item.StripeEventId),
        DetailsJson = work.DetailsJson,
    };

    /// <summary>The key an event's effect is recorded under: the same on every try, so it applies once.</summary>
    public static string IdempotencyKey(string stripeEventId) => "stripe:" + stripeEventId;

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            // The row stays pending under its lease and is claimed again when the lease ends.
            LogSettleFailed(exception);
        }
    }

    /// <summary>The ingestion refused the org itself: no org has this ID (yet).</summary>
    private static bool NamesOrg(AppendOutcome outcome) =>
        outcome.Problems.Any(p => p.Name.EndsWith(".org_id", StringComparison.Ordinal));

    private static string Describe(Exception exception) =>
        exception is StripeEventFormatException or System.Text.Json.JsonException
            ? "unreadable payload: " + exception.Message
            : exception.GetType().Name + ": " + exception.Message;
}
