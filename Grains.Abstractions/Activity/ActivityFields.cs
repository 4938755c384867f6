namespace FastIo.Orleans.Activity;

/// <summary>
/// The poll's <c>fields</c> filter. A name without an ID (<c>storage</c>) selects that profile-level key and
/// every per-object key under it (<c>storage:*</c>); a name with an ID (<c>storage:123</c>) selects that key.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActivityFields([property: Id(0)] IReadOnlyList<string> Names)
{
    public const int MaxFields = 30;

    /// <summary>Reads a comma-separated list; false with the reason when an entry is not a field name.</summary>
    public static bool TryParse(string value, out ActivityFields fields, out string problem)
    {
        fields = null!;
        problem = string.Empty;
        var entries = value.Split(',', StringSplitOptions.TrimEntries);
        if (entries.Length > MaxFields)
        {
            problem = $"at most {MaxFields} fields, not {entries.Length}";
            return false;
        }

        foreach (var entry in entries)
        {
            if (!IsFieldName(entry))
            {
                problem = entry.Length == 0
                    ? "has an empty field name"
                    : $"'{(entry.Length > 40 ? entry[..40] + "..." : entry)}' is not an activity field";
                return false;
            }
        }

        fields = new ActivityFields(entries.Distinct(StringComparer.Ordinal).ToArray());
        return true;
    }

    public bool Matches(string key)
    {
        foreach (var field in Names)
        {
            if (key == field || IsUnder(key, field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the key is a per-object key under a field given without an ID.</summary>
    private static bool IsUnder(string key, string field) =>
        key.Length > field.Length + 1
        && key[field.Length] == ':'
        && key.StartsWith(field, StringComparison.Ordinal)
        && !field.Contains(':', StringComparison.Ordinal);

    private static bool IsFieldName(string entry) =>
        ActivityKeys.ObjectPrefixes.Contains(entry) || ActivityKeys.IsValid(entry);
}
