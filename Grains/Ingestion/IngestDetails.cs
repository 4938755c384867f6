using System.Text.Json;

namespace FastIo.Orleans.Grains.Ingestion;

/// <summary>
/// The fields of an item's <c>details</c> that profile state is derived from. Read from the stored JSON
/// itself, so state rebuilt from the log later sees exactly what the first application saw.
/// </summary>
public readonly record struct IngestDetails(string? Role, bool? Multiplayer, string? Name)
{
    public static IngestDetails Read(string? detailsJson)
    {
        if (detailsJson is null)
        {
            return default;
        }

        using var document = JsonDocument.Parse(detailsJson);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        return new IngestDetails(
            StringOf(root, "role"),
            root.TryGetProperty("multiplayer", out var multiplayer)
                && multiplayer.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? multiplayer.GetBoolean()
                : null,
            StringOf(root, "name"));
    }

    private static string? StringOf(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
