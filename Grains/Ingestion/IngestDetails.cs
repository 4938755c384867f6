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
            root.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String ? role.GetString() : null,
            root.TryGetProperty("multiplayer", out var multiplayer) && multiplayer.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? multiplayer.GetBoolean()
                : null,
            root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null);
    }
}
