using System.Globalization;
using System.Text.RegularExpressions;

namespace FastIo.Orleans.Gateway.Api;

/// <summary>
/// Reads time inputs: ISO 8601 with <c>Z</c> or a numeric offset, and <c>YYYY-MM-DD HH:MM:SS[.ffffff]</c>
/// read as UTC. Equal instants give equal values whatever the spelling; precision is kept to microseconds.
/// </summary>
public static partial class TimeInputs
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(string? value, out DateTime utc, out string problem)
    {
        utc = default;
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "must be a time, e.g. 2025-12-01T06:00:00Z";
            return false;
        }

        var text = value.Trim();
        if (text.EndsWith(" UTC", StringComparison.Ordinal))
        {
            text = text[..^4];
        }

        if (UnencodedPlusOffset().IsMatch(text))
        {
            problem = "has a space where a '+' offset was meant: encode '+' as %2B in the query string";
            return false;
        }

        text = IsoSpelling(text);
        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            problem = "is not a time this API reads: use ISO 8601 (2025-12-01T06:00:00Z, 2025-12-01T07:00:00+01:00) "
                + "or 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC";
            return false;
        }

        utc = new DateTime(parsed.UtcTicks - (parsed.UtcTicks % 10), DateTimeKind.Utc);
        return true;
    }

    /// <summary>
    /// ISO 8601 also writes offsets as <c>+hh</c> and <c>+hhmm</c>, and RFC 3339 allows a lower-case <c>t</c> and
    /// <c>z</c>: rewritten here to the one spelling the formats above read.
    /// </summary>
    private static string IsoSpelling(string text)
    {
        if (text.Length > 10 && text[10] == 't')
        {
            text = string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11));
        }

        if (text.EndsWith('z'))
        {
            text = text[..^1] + "Z";
        }

        var offset = ShortOffset().Match(text);
        return offset.Success
            ? text[..offset.Index] + offset.Groups["sign"].Value + offset.Groups["hours"].Value + ":"
                + (offset.Groups["minutes"].Success ? offset.Groups["minutes"].Value : "00")
            : text;
    }

    /// <summary>The microsecond form for activity timestamps.</summary>
    public static string FormatActivity(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + " UTC";

    // "...T06:00:00+01" or "...T06:00:00+0100": an offset without the colon, after the time of day.
    [GeneratedRegex(@"(?<=\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(?<sign>[+-])(?<hours>\d{2})(?<minutes>\d{2})?$")]
    private static partial Regex ShortOffset();

    // "2025-12-01T06:00:00 01:00": a '+' sent unencoded arrives as a space.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? \d{2}(:?\d{2})?$")]
    private static partial Regex UnencodedPlusOffset();
}
