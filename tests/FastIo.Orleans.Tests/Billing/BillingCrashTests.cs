using FastIo.Orleans.Tests.Infrastructure;
using Xunit.Abstractions;
using static FastIo.Orleans.Tests.Billing.StripePayloads;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>
/// A silo killed with kill -9 at each point between storing an event and settling it: the event is applied
/// exactly once after a silo comes back.
/// </summary>
public sealed class BillingCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string PauseAfterClaim = "Billing__Inbox__PauseAfterClaim";
    private const string PauseAfterApply = "Billing__Inbox__PauseAfterApply";
    private static readonly Dictionary<string, string?> NoPause =
        new() { [PauseAfterClaim] = null, [PauseAfterApply] = null };

    private readonly BillingStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Silo_KilledAfterClaimBeforeApply_EventAppliedOnceAfterRestart()
    {
        var world = await World.CreateAsync(_stack);
        var silo = await _stack.RestartSiloAsync(_stack.Silos[^1], kill: false,
            new Dictionary<string, string?> { [PauseAfterClaim] = "00:05:00" });
        var id = await PostSubscriptionAsync(world.OrgId);

        await Eventually.TrueAsync(async () => (await _stack.ReadInboxAsync(id))!.Attempts == 1, "the claim");
        var recordedBeforeKill = await _stack.CountRecordedAsync(id);
        await silo.StopAsync(kill: true);
        await _stack.RestartSiloAsync(silo, kill: true, NoPause);
        var row = await _stack.WaitSettledAsync(id);

        Report(id, recordedBeforeKill, row);
        Assert.Equal(0, recordedBeforeKill);
        Assert.Equal(("done", 2), (row.Status, row.Attempts));
        Assert.Equal(1, await _stack.CountRecordedAsync(id));
        await AssertBillableAsync(world.OrgId);
    }

    [Fact]
    public async Task Silo_KilledAfterApplyBeforeSettle_EventAppliedOnceAfterRestart()
    {
        var world = await World.CreateAsync(_stack);
        var silo = await _stack.RestartSiloAsync(_stack.Silos[^1], kill: false,
            new Dictionary<string, string?> { [PauseAfterApply] = "00:05:00" });
        var id = await PostSubscriptionAsync(world.OrgId);

        await Eventually.TrueAsync(async () => await _stack.CountRecordedAsync(id) == 1, "the event to be recorded");
        var statusBeforeKill = (await _stack.ReadInboxAsync(id))!.Status;
        await silo.StopAsync(kill: true);
        await _stack.RestartSiloAsync(silo, kill: true, NoPause);
        var row = await _stack.WaitSettledAsync(id);

        Report(id, 1, row);
        Assert.Equal("pending", statusBeforeKill);
        Assert.Equal(("done", 2), (row.Status, row.Attempts));
        Assert.Equal(1, await _stack.CountRecordedAsync(id));
        await AssertBillableAsync(world.OrgId);
    }

    [Fact]
    public async Task SiloDown_GatewayStillStoresDeliveries_AppliedOnceWhenSiloReturns()
    {
        var world = await World.CreateAsync(_stack);
        var silo = _stack.Silos[^1];
        await silo.StopAsync(kill: true);

        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await PostSubscriptionAsync(world.OrgId));
        }

        var pendingWhileDown = await _stack.ScalarAsync(
            "SELECT count(*) FROM billing_inbox WHERE stripe_event_id = ANY($1) AND status = 'pending'",
            (object)ids.ToArray());
        await _stack.RestartSiloAsync(silo, kill: true);
        foreach (var id in ids)
        {
            Assert.Equal("done", (await _stack.WaitSettledAsync(id)).Status);
            Assert.Equal(1, await _stack.CountRecordedAsync(id));
        }

        Assert.Equal(5, pendingWhileDown);
        await AssertBillableAsync(world.OrgId);
    }

    private async Task<string> PostSubscriptionAsync(string orgId)
    {
        var id = NewEventId();
        var (status, body) = await _stack.PostWebhookAsync(Subscription("customer.subscription.created", id,
            StripeSigning.Now, NewId("sub"), orgId, "active"));
        Assert.True(status == 202, body.ToJsonString());
        return id;
    }

    private async Task AssertBillableAsync(string orgId)
    {
        await using var client = await ClusterClient.ConnectAsync(_stack.ConnectionString);
        Assert.True((await client.GetBillingAsync(orgId)).Billable);
    }

    private void Report(string id, long recordedBeforeKill, InboxRow row) => output.WriteLine(
        $"{id}: recorded before kill {recordedBeforeKill}; after restart status {row.Status}, attempts {row.Attempts}");
}
