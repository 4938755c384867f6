using System.Text.Json;

namespace FastIo.Orleans.Gateway.Api;

/// <summary>
/// PostgreSQL text cannot hold a NUL character, and UTF-8 cannot encode half of a surrogate pair: such input
/// is refused at the door as the client's mistake, rather than failing later as a store error.
/// </summary>
public static class StorableText
{
    public const string Problem = "contains a NUL character or an unpaired surrogate, which cannot be stored";

    public static bool IsStorable(string? value)
    {
        if (value is null)
        {
            return true;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads a JSON string that can be stored. An escaped lone surrogate (<c>"\ud800"</c>) cannot even be
    /// decoded, so it is refused here too.
    /// </summary>
    public static bool TryGetStorable(JsonElement element, out string? value)
    {
        try
        {
            value = element.GetString();
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }

        return IsStorable(value);
    }

    /// <summary>Every property name and string value in a JSON value, however deep.</summary>
    public static bool IsStorable(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => TryGetStorable(element, out _),
        JsonValueKind.Array => element.EnumerateArray().All(IsStorable),
        JsonValueKind.Object => element.EnumerateObject().All(p => IsStorable(p.Name) && IsStorable(p.Value)),
        _ => true,
    };
}
