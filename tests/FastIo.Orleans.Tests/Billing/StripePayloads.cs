using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastIo.Orleans.Tests.Billing;

/// <summary>Stripe event bodies shaped like real deliveries, indented as Stripe sends them.</summary>
public static class StripePayloads
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string NewEventId() => "evt_" + Guid.NewGuid().ToString("N")[..24];

    public static string NewId(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..14];

    public static string Subscription(
        string type, string eventId, long created, string subscriptionId, string? orgId, string status,
        string customerId = "cus_test", long? trialEnd = null)
    {
        var subscription = new JsonObject
        {
            ["id"] = subscriptionId,
            ["object"] = "subscription",
            ["customer"] = customerId,
            ["status"] = status,
            ["cancel_at_period_end"] = false,
            ["trial_end"] = trialEnd,
            ["metadata"] = orgId is null ? new JsonObject() : new JsonObject { ["org_id"] = orgId },
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = "si_test",
                    ["price"] = new JsonObject { ["id"] = "price_team_monthly" },
                    ["current_period_end"] = created + 30 * 24 * 3600,
                }),
            },
        };
        return Event(type, eventId, created, subscription);
    }

    public static string Invoice(
        string type, string eventId, long created, string invoiceId, string subscriptionId, string customerId,
        string? orgId = null)
    {
        var invoice = new JsonObject
        {
            ["id"] = invoiceId,
            ["object"] = "invoice",
            ["customer"] = customerId,
            ["status"] = type == "invoice.paid" ? "paid" : "open",
            ["amount_due"] = 4900,
            ["amount_paid"] = type == "invoice.paid" ? 4900 : 0,
            ["currency"] = "usd",
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject
                {
                    ["subscription"] = subscriptionId,
                    ["metadata"] = orgId is null ? new JsonObject() : new JsonObject { ["org_id"] = orgId },
                },
            },
        };
        return Event(type, eventId, created, invoice);
    }

    public static string Event(string type, string eventId, long created, JsonNode dataObject) => new JsonObject
    {
        ["id"] = eventId,
        ["object"] = "event",
        ["api_version"] = "2025-03-31.basil",
        ["created"] = created,
        ["data"] = new JsonObject { ["object"] = dataObject },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
    }.ToJsonString(Indented);
}
