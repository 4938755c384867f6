using System.Text.Json;

namespace FastIo.Orleans.Gateway.Billing;

/// <summary>The few fields of a Stripe event the inbox keeps in columns; the body itself is stored whole.</summary>
public sealed record StripeEventEnvelope(string Id, string Type, long? Created, bool Livemode)
{
    public const int MaxIdLength = 128;
    public const int MaxTypeLength = 128;

    public static bool TryRead(ReadOnlyMemory<byte> body, out StripeEventEnvelope envelope, out string problem)
    {
        envelope = null!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            problem = $"The request body is not valid JSON (line {exception.LineNumber + 1}, "
                + $"byte {exception.BytePositionInLine + 1}).";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "The request body is not a Stripe event: it is not a JSON object.";
                return false;
            }

            if (!TryText(root, "id", MaxIdLength, out var id) || !id.All(IsIdCharacter))
            {
                problem = $"The request body is not a Stripe event: id must be 1 to {MaxIdLength} characters "
                    + "of A-Z a-z 0-9 _ -.";
                return false;
            }

            if (!TryText(root, "type", MaxTypeLength, out var type) || type.Any(char.IsControl))
            {
                problem = $"The request body is not a Stripe event: type must be 1 to {MaxTypeLength} characters.";
                return false;
            }

            long? created = null;
            if (root.TryGetProperty("created", out var createdValue))
            {
                if (createdValue.ValueKind != JsonValueKind.Number || !createdValue.TryGetInt64(out var seconds))
                {
                    problem = "The request body is not a Stripe event: created must be Unix seconds.";
                    return false;
                }

                created = seconds;
            }

            var livemode = root.TryGetProperty("livemode", out var live) && live.ValueKind == JsonValueKind.True;
            envelope = new StripeEventEnvelope(id, type, created, livemode);
            problem = string.Empty;
            return true;
        }
    }

    private static bool TryText(JsonElement root, string name, int maxLength, out string value)
    {
        value = root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String
            ? element.GetString() ?? ""
            : "";
        return value.Length is > 0 && value.Length <= maxLength;
    }

    private static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
