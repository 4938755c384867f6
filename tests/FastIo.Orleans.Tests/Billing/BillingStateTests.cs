using FastIo.Orleans.Billing;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>An org's billing state as its profile grain folds it from billing events, whatever their order.</summary>
public sealed class BillingStateTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private const string SystemUser = "00000000000000000000";

    [Fact]
    public async Task SubscriptionEvent_OlderThanApplied_RecordedButStateKept()
    {
        var (org, grain) = await NewOrgAsync();

        await AppendAsync(grain, Subscription(org, "subscription_updated", "sub_a", "past_due", created: 200));
        await AppendAsync(grain, Subscription(org, "subscription_updated", "sub_a", "active", created: 100));

        var state = Assert.Single((await grain.GetBillingAsync()).Subscriptions);
        Assert.Equal("past_due", state.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(200).UtcDateTime, state.StateAsOf);
    }

    [Fact]
    public async Task SubscriptionEvents_SameSecond_AppliedOneKeptExceptCancellation()
    {
        var (org, grain) = await NewOrgAsync();

        await AppendAsync(grain, Subscription(org, "subscription_updated", "sub_a", "active", created: 100));
        await AppendAsync(grain, Subscription(org, "subscription_updated", "sub_a", "past_due", created: 100));
        var tie = await grain.GetBillingAsync();
        await AppendAsync(grain, Subscription(org, "subscription_cancelled", "sub_a", "canceled", created: 100));
        var cancelled = await grain.GetBillingAsync();

        Assert.Equal("active", tie.Subscriptions[0].Status);
        Assert.Equal("canceled", cancelled.Subscriptions[0].Status);
        Assert.False(cancelled.Billable);
    }

    [Fact]
    public async Task Org_SeveralSubscriptions_BillableWhileAnyIs()
    {
        var (org, grain) = await NewOrgAsync();

        await AppendAsync(grain, Subscription(org, "subscription_created", "sub_a", "canceled", created: 100));
        await AppendAsync(grain, Subscription(org, "subscription_created", "sub_b", "trialing", created: 100));
        await AppendAsync(grain, Invoice(org, "invoice_payment_failed", "sub_b", created: 300));
        await AppendAsync(grain, Invoice(org, "invoice_paid", "sub_b", created: 250));

        var billing = await grain.GetBillingAsync();
        Assert.True(billing.Billable);
        Assert.Equal(["sub_a", "sub_b"], billing.Subscriptions.Select(s => s.SubscriptionId));
        Assert.Equal("payment_failed", billing.Subscriptions[1].LastInvoiceStatus);
    }

    [Fact]
    public async Task BillingState_AfterDeactivation_RebuiltFromSnapshotAndLog()
    {
        var (org, grain) = await NewOrgAsync();
        for (var i = 1; i <= 12; i++)
        {
            var status = i % 2 == 0 ? "active" : "past_due";
            await AppendAsync(grain, Subscription(org, "subscription_updated", "sub_a", status, created: 1000 + i));
        }

        await AppendAsync(grain, Subscription(org, "subscription_updated", "sub_a", "unpaid", created: 1005));
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var state = Assert.Single((await grain.GetBillingAsync()).Subscriptions);
        Assert.Equal("active", state.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1012).UtcDateTime, state.StateAsOf);
    }

    [Fact]
    public async Task NonOrgProfile_HasNoBilling()
    {
        var billing = await fixture.Grains.GetProfile(Ids.Next()).GetBillingAsync();

        Assert.Empty(billing.Subscriptions);
        Assert.False(billing.Billable);
    }

    private async Task<(string Org, IProfileGrain Grain)> NewOrgAsync()
    {
        var org = Ids.Next();
        var grain = fixture.Grains.GetProfile(org);
        var created = new IngestItem
        {
            Event = "org_created", CallingUserId = Ids.Next(), CallingUserName = "Owner", OrgId = org,
        };
        await AppendAsync(grain, created);
        return (org, grain);
    }

    private static IngestItem Subscription(string org, string name, string subscription, string status, long created) =>
        Billing(org, name, $$"""
            {"stripe_created":{{created}},"subscription_id":"{{subscription}}","status":"{{status}}"}
            """);

    private static IngestItem Invoice(string org, string name, string subscription, long created) =>
        Billing(org, name, $$"""
            {"stripe_created":{{created}},"subscription_id":"{{subscription}}","invoice_id":"in_{{created}}"}
            """);

    private static IngestItem Billing(string org, string name, string details) => new()
    {
        Event = name,
        CallingUserId = SystemUser,
        CallingUserName = "Stripe",
        OrgId = org,
        DetailsJson = details,
    };

    private static async Task AppendAsync(IProfileGrain grain, IngestItem item)
    {
        var outcome = await grain.AppendAsync([item]);
        Assert.True(outcome.Status == AppendStatus.Recorded, string.Join("; ", outcome.Problems));
    }
}
