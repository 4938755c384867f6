using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Billing.StripePayloads;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>What a stored Stripe event does: billing events in the org's log, and the org's billing state.</summary>
[Collection(BillingCollection.Name)]
public sealed class BillingEffectsTests(BillingStack stack)
{
    [Fact]
    public async Task SubscriptionLifecycle_RecordsCatalogEventsForAdminsAndFollowsBillableState()
    {
        var world = await World.CreateAsync(stack);
        var (subscription, t) = (NewId("sub"), StripeSigning.Now - 100);
        var created = NewEventId();
        var trial = NewEventId();
        var deleted = NewEventId();

        await DeliverAsync(Subscription("customer.subscription.created", created, t, subscription, world.OrgId,
            "trialing"));
        await DeliverAsync(Subscription("customer.subscription.trial_will_end", trial, t + 1, subscription, world.OrgId,
            "trialing", trialEnd: t + 3 * 24 * 3600));
        await using var client = await ClusterClient.ConnectAsync(stack.ConnectionString);
        var whileTrialing = await client.GetBillingAsync(world.OrgId);
        await DeliverAsync(Subscription("customer.subscription.deleted", deleted, t + 2, subscription, world.OrgId,
            "canceled"));
        var afterDeletion = await client.GetBillingAsync(world.OrgId);

        var names = await BillingEventNamesAsync(world.OrgId, world.OrgAdmin);
        var (memberStatus, memberBody) = await stack.GetAsync(
            $"/current/events/search/?org_id={world.OrgId}&category=billing", Tokens.User(world.WorkspaceMember));
        Assert.Equal(["subscription_cancelled", "billing_free_trial_ended", "subscription_created"], names);
        Assert.True(memberStatus != 200 || memberBody["response"]!["events"]!.AsArray().Count == 0,
            "billing events are for org admins only");
        Assert.True(whileTrialing.Billable);
        var state = Assert.Single(whileTrialing.Subscriptions);
        Assert.Equal(("trialing", "price_team_monthly", "cus_test"), (state.Status, state.PriceId, state.CustomerId));
        Assert.NotNull(state.TrialEnd);
        Assert.False(afterDeletion.Billable);
        Assert.Equal("canceled", afterDeletion.Subscriptions[0].Status);
    }

    [Fact]
    public async Task InvoiceWithOnlyCustomerId_FindsOrgThroughCustomerSeenBefore()
    {
        var world = await World.CreateAsync(stack);
        var (subscription, customer, t) = (NewId("sub"), NewId("cus"), StripeSigning.Now - 50);
        await DeliverAsync(Subscription("customer.subscription.created", NewEventId(), t, subscription, world.OrgId,
            "active", customer));
        var paid = NewEventId();
        var failed = NewEventId();

        var paidRow = await DeliverAsync(Invoice("invoice.paid", paid, t + 1, NewId("in"), subscription, customer));
        var failedRow = await DeliverAsync(Invoice("invoice.payment_failed", failed, t + 2, NewId("in"), subscription,
            customer));

        await using var client = await ClusterClient.ConnectAsync(stack.ConnectionString);
        var billing = await client.GetBillingAsync(world.OrgId);
        Assert.Equal(("done", world.OrgId), (paidRow.Status, paidRow.OrgId));
        Assert.Equal(("done", world.OrgId), (failedRow.Status, failedRow.OrgId));
        Assert.Equal("payment_failed", billing.Subscriptions[0].LastInvoiceStatus);
        Assert.Contains("invoice_paid", await BillingEventNamesAsync(world.OrgId, world.Owner));
    }

    [Fact]
    public async Task SubscriptionUpdates_DeliveredOutOfOrder_OlderNeverOverwritesNewer()
    {
        var world = await World.CreateAsync(stack);
        var (subscription, t) = (NewId("sub"), StripeSigning.Now - 200);
        await DeliverAsync(Subscription("customer.subscription.created", NewEventId(), t, subscription, world.OrgId,
            "active"));

        await DeliverAsync(Subscription("customer.subscription.updated", NewEventId(), t + 20, subscription,
            world.OrgId, "unpaid"));
        await DeliverAsync(Subscription("customer.subscription.updated", NewEventId(), t + 10, subscription,
            world.OrgId, "past_due"));

        await using var client = await ClusterClient.ConnectAsync(stack.ConnectionString);
        var state = Assert.Single((await client.GetBillingAsync(world.OrgId)).Subscriptions);
        Assert.Equal("unpaid", state.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(t + 20).UtcDateTime, state.StateAsOf);
        Assert.Equal(3, (await BillingEventNamesAsync(world.OrgId, world.Owner)).Count);
    }

    [Fact]
    public async Task EventReplayedManyTimes_AppliedOnce()
    {
        var world = await World.CreateAsync(stack);
        var id = NewEventId();
        var payload = Subscription("customer.subscription.created", id, StripeSigning.Now, NewId("sub"), world.OrgId,
            "active");

        var first = await DeliverAsync(payload);
        var again = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => stack.PostWebhookAsync(payload)));

        Assert.Equal("done", first.Status);
        Assert.All(again, r => Assert.Equal(202, r.Status));
        Assert.Equal(1, await stack.CountRecordedAsync(id));
        Assert.Single(await BillingEventNamesAsync(world.OrgId, world.Owner));
    }

    [Fact]
    public async Task EventForUnknownOrg_KeptUnmatchedAndReported()
    {
        var id = NewEventId();

        var row = await DeliverAsync(Subscription("customer.subscription.created", id, StripeSigning.Now, NewId("sub"),
            Ids.Next(), "active"));

        Assert.Equal("unmatched", row.Status);
        Assert.Equal(BillingStack.MaxAttempts, row.Attempts);
        Assert.Contains("not a known org", row.LastError);
        await Eventually.TrueAsync(() => Task.FromResult(stack.Silos.Any(s => s.Output.Contains(id))),
            "the silo to report the unmatched event");
        Assert.Contains(SiloLines(), l => l.Contains(id) && l.Contains("unmatched"));
    }

    [Fact]
    public async Task EventWithoutAnyOrg_KeptUnmatched()
    {
        var row = await DeliverAsync(Event("invoice.paid", NewEventId(), StripeSigning.Now,
            new JsonObject { ["id"] = "in_x" }));

        Assert.Equal("unmatched", row.Status);
    }

    [Fact]
    public async Task UnreadableEvent_ParkedAtFirstTryAndOthersStillApplied()
    {
        var world = await World.CreateAsync(stack);
        var poison = NewEventId();
        var good = NewEventId();

        await stack.PostWebhookAsync(Event("invoice.paid", poison, StripeSigning.Now, JsonValue.Create(42)!));
        var goodRow = await DeliverAsync(Subscription("customer.subscription.created", good, StripeSigning.Now,
            NewId("sub"), world.OrgId, "active"));
        var poisonRow = await stack.WaitSettledAsync(poison);

        Assert.Equal("done", goodRow.Status);
        Assert.Equal("parked", poisonRow.Status);
        Assert.Equal(1, poisonRow.Attempts);
        Assert.Contains("unreadable payload", poisonRow.LastError);
        await Eventually.TrueAsync(
            () => Task.FromResult(SiloLines().Any(l => l.Contains(poison) && l.Contains("parked"))),
            "the silo to report the parked event");
    }

    private IEnumerable<string> SiloLines() => stack.Silos.SelectMany(s => s.Output.Split('\n'));

    /// <summary>Posts a signed delivery, expects 202, and waits until the inbox has settled it.</summary>
    private async Task<InboxRow> DeliverAsync(string payload)
    {
        var (status, body) = await stack.PostWebhookAsync(payload);
        Assert.True(status == 202, body.ToJsonString());
        var id = JsonNode.Parse(payload)!["id"]!.GetValue<string>();
        return await stack.WaitSettledAsync(id);
    }

    private async Task<List<string>> BillingEventNamesAsync(string orgId, string userId)
    {
        var (status, body) = await stack.GetAsync(
            $"/current/events/search/?org_id={orgId}&category=billing", Tokens.User(userId));
        Assert.True(status == 200, body.ToJsonString());
        return body["response"]!["events"]!.AsArray().Select(e => e!["event"]!.GetValue<string>()).ToList();
    }
}
