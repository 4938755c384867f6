using System.Text.Json;
using FastIo.Orleans.Billing;

namespace FastIo.Orleans.Silo.Billing;

/// <summary>
/// Reads a stored Stripe event into the billing work it asks for. Accepts the object shapes of older and
/// newer Stripe API versions (an invoice's subscription moved under <c>parent.subscription_details</c>, a
/// subscription's period end into its items), and reads IDs whether or not a field was expanded.
/// </summary>
public static class StripeEventTranslator
{
    public const string OrgMetadataKey = "org_id";

    public static BillingWork Translate(BillingInboxItem item)
    {
        var eventName = item.EventType switch
        {
            "customer.subscription.created" => BillingEventNames.SubscriptionCreated,
            "customer.subscription.updated" => BillingEventNames.SubscriptionUpdated,
            "customer.subscription.deleted" => BillingEventNames.SubscriptionCancelled,
            "customer.subscription.trial_will_end" => BillingEventNames.FreeTrialEnded,
            "invoice.paid" => BillingEventNames.InvoicePaid,
            "invoice.payment_failed" => BillingEventNames.InvoicePaymentFailed,
            "customer.created" or "customer.updated" => "",
            _ => null,
        };
        if (eventName is null)
        {
            return BillingWork.Ignore;
        }

        using var document = JsonDocument.Parse(item.Payload);
        var root = document.RootElement;
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
        {
            throw new StripeEventFormatException($"{item.EventType} has no data.object");
        }

        var created = item.StripeCreated ?? new DateTimeOffset(item.ReceivedAt).ToUnixTimeSeconds();
        if (eventName.Length == 0)
        {
            var id = IdOf(obj, "id");
            return id is not null && Metadata(obj) is { } org
                ? new BillingWork(BillingWorkKind.LinkCustomer) { CustomerId = id, OrgId = org, Created = created }
                : BillingWork.Ignore;
        }

        var objectId = IdOf(obj, "id") ?? throw new StripeEventFormatException($"{item.EventType} object has no id");
        return BillingEventNames.IsInvoiceEvent(eventName)
            ? Invoice(item, eventName, obj, objectId, created)
            : Subscription(item, eventName, obj, objectId, created);
    }

    private static BillingWork Subscription(
        BillingInboxItem item, string eventName, JsonElement subscription, string id, long created)
    {
        var customer = Property(subscription, "customer");
        var firstItem = FirstItem(subscription);
        var details = Details(item, created, writer =>
        {
            writer.WriteString(BillingDetails.SubscriptionId, id);
            WriteText(writer, BillingDetails.CustomerId, IdOf(customer));
            WriteText(writer, BillingDetails.Status, Text(subscription, "status"));
            WriteText(writer, BillingDetails.PriceId,
                IdOf(Property(firstItem, "price")) ?? IdOf(Property(subscription, "plan")));
            WriteNumber(writer, BillingDetails.CurrentPeriodEnd,
                Number(subscription, "current_period_end") ?? Number(firstItem, "current_period_end"));
            WriteNumber(writer, BillingDetails.TrialEnd, Number(subscription, "trial_end"));
            writer.WriteBoolean(BillingDetails.CancelAtPeriodEnd,
                Property(subscription, "cancel_at_period_end").ValueKind == JsonValueKind.True);
        });
        return new BillingWork(BillingWorkKind.Record)
        {
            EventName = eventName,
            ObjectId = id,
            OrgId = Metadata(subscription) ?? Metadata(customer),
            CustomerId = IdOf(customer),
            DetailsJson = details,
            Created = created,
        };
    }

    private static BillingWork Invoice(
        BillingInboxItem item, string eventName, JsonElement invoice, string id, long created)
    {
        var customer = Property(invoice, "customer");
        var parentDetails = Property(Property(invoice, "parent"), "subscription_details");
        var legacyDetails = Property(invoice, "subscription_details");
        var subscription = Property(invoice, "subscription");
        var subscriptionId = IdOf(subscription) ?? IdOf(Property(parentDetails, "subscription"));
        var details = Details(item, created, writer =>
        {
            writer.WriteString(BillingDetails.InvoiceId, id);
            WriteText(writer, BillingDetails.SubscriptionId, subscriptionId);
            WriteText(writer, BillingDetails.CustomerId, IdOf(customer));
            WriteText(writer, BillingDetails.Status, Text(invoice, "status"));
            WriteNumber(writer, BillingDetails.AmountDue, Number(invoice, "amount_due"));
            WriteNumber(writer, BillingDetails.AmountPaid, Number(invoice, "amount_paid"));
            WriteText(writer, BillingDetails.Currency, Text(invoice, "currency"));
        });
        return new BillingWork(BillingWorkKind.Record)
        {
            EventName = eventName,
            ObjectId = id,
            OrgId = Metadata(invoice) ?? Metadata(customer) ?? Metadata(parentDetails) ?? Metadata(legacyDetails)
                ?? Metadata(subscription),
            CustomerId = IdOf(customer),
            DetailsJson = details,
            Created = created,
        };
    }

    private static string Details(BillingInboxItem item, long created, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(BillingDetails.StripeEventId, item.StripeEventId);
            writer.WriteString(BillingDetails.StripeEventType, item.EventType);
            writer.WriteNumber(BillingDetails.StripeCreated, created);
            write(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The subscription's first item, where newer API versions keep the period and the price.</summary>
    private static JsonElement FirstItem(JsonElement subscription)
    {
        var items = Property(Property(subscription, "items"), "data");
        return items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0 ? items[0] : default;
    }

    /// <summary><c>metadata.org_id</c> of an object, when it is an object that has one.</summary>
    private static string? Metadata(JsonElement element) => Text(Property(element, "metadata"), OrgMetadataKey);

    /// <summary>An ID whether the field holds it as a string or holds the expanded object.</summary>
    private static string? IdOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Object => Text(element, "id"),
        _ => null,
    };

    private static string? IdOf(JsonElement element, string name) => IdOf(Property(element, name));

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static long? Number(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number)
            ? number
            : null;

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
