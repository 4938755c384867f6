using System.Text.Json;
using System.Text.Json.Nodes;
using FastIo.Orleans.Silo.Billing;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>Reading stored Stripe events of older and newer API versions into the billing work they ask for.</summary>
public sealed class StripeEventTranslatorTests
{
    private const string Org = "12345678901234567890";

    [Fact]
    public void Subscription_OlderApiShape_ReadsPeriodAndPlanFromSubscription()
    {
        var work = Translate("customer.subscription.updated", """
            {"id":"sub_1","customer":"cus_1","status":"past_due","current_period_end":1700100000,
             "plan":{"id":"plan_team"},"cancel_at_period_end":true,"metadata":{"org_id":"12345678901234567890"}}
            """);

        var details = JsonNode.Parse(work.DetailsJson!)!;
        Assert.Equal((BillingWorkKind.Record, "subscription_updated", Org, "cus_1"),
            (work.Kind, work.EventName, work.OrgId, work.CustomerId));
        Assert.Equal("plan_team", details["price_id"]!.GetValue<string>());
        Assert.Equal(1700100000, details["current_period_end"]!.GetValue<long>());
        Assert.True(details["cancel_at_period_end"]!.GetValue<bool>());
        Assert.Equal("evt_t", details["stripe_event_id"]!.GetValue<string>());
        Assert.Equal(1700000000, details["stripe_created"]!.GetValue<long>());
    }

    [Fact]
    public void Invoice_OlderApiShape_FindsSubscriptionAndOrgInSubscriptionDetails()
    {
        var work = Translate("invoice.payment_failed", """
            {"id":"in_1","customer":"cus_1","subscription":"sub_9",
             "subscription_details":{"metadata":{"org_id":"12345678901234567890"}},"amount_due":100}
            """);

        Assert.Equal(("invoice_payment_failed", Org, "in_1"), (work.EventName, work.OrgId, work.ObjectId));
        Assert.Equal("sub_9", JsonNode.Parse(work.DetailsJson!)!["subscription_id"]!.GetValue<string>());
    }

    [Fact]
    public void Invoice_ExpandedCustomer_OrgFromCustomerMetadata()
    {
        var work = Translate("invoice.paid", """
            {"id":"in_2","customer":{"id":"cus_7","metadata":{"org_id":"12345678901234567890"}}}
            """);

        Assert.Equal((Org, "cus_7"), (work.OrgId, work.CustomerId));
    }

    [Fact]
    public void Customer_WithOrgMetadata_OnlyLinksCustomer()
    {
        var work = Translate("customer.created", """{"id":"cus_3","metadata":{"org_id":"12345678901234567890"}}""");

        Assert.Equal((BillingWorkKind.LinkCustomer, "cus_3", Org), (work.Kind, work.CustomerId, work.OrgId));
    }

    [Theory]
    [InlineData("payment_intent.succeeded")]
    [InlineData("invoice.upcoming")]
    public void UnhandledType_Ignored(string type)
    {
        Assert.Equal(BillingWorkKind.Ignore, Translate(type, """{"id":"x"}""").Kind);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("[]")]
    [InlineData("""{"customer":"cus_1"}""")]
    public void HandledType_ObjectUnreadable_Throws(string dataObject)
    {
        Assert.Throws<StripeEventFormatException>(() => Translate("invoice.paid", dataObject));
    }

    [Fact]
    public void Event_WithoutCreated_OrderedByReceiptTime()
    {
        var received = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var item = new BillingInboxItem("evt_t", "invoice.paid", null,
            """{"id":"evt_t","data":{"object":{"id":"in_1"}}}""", 1, received);

        var work = StripeEventTranslator.Translate(item);

        Assert.Equal(new DateTimeOffset(received).ToUnixTimeSeconds(), work.Created);
    }

    private static BillingWork Translate(string type, string dataObject)
    {
        // A well-formed body, as the gateway stores only those.
        var payload = "{\"id\":\"evt_t\",\"type\":\"" + type + "\",\"created\":1700000000,\"data\":{\"object\":"
            + dataObject + "}}";
        JsonDocument.Parse(payload).Dispose();

        return StripeEventTranslator.Translate(
            new BillingInboxItem("evt_t", type, 1700000000, payload, 1, DateTime.UtcNow));
    }
}
