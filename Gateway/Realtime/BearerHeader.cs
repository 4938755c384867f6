using Microsoft.Extensions.Primitives;

namespace FastIo.Orleans.Gateway.Realtime;

/// <summary>What an Authorization header holds, told apart the way the realtime validation answers them.</summary>
public enum BearerProblem
{
    None,
    Missing,
    Malformed,
    NotBearer,
    NoToken,
}

public static class BearerHeader
{
    public static BearerProblem TryRead(StringValues headers, out string token)
    {
        token = string.Empty;
        if (headers.Count == 0)
        {
            return BearerProblem.Missing;
        }

        if (headers.Count > 1 || string.IsNullOrWhiteSpace(headers[0]) || headers[0]!.Any(char.IsControl))
        {
            return BearerProblem.Malformed;
        }

        var value = headers[0]!.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            // "Basic abc" names another scheme; a lone "eyJ..." or "a.b" names none at all.
            return scheme.All(char.IsAsciiLetter) && space > 0 ? BearerProblem.NotBearer : BearerProblem.Malformed;
        }

        token = space < 0 ? string.Empty : value[(space + 1)..].Trim();
        return token.Length == 0 ? BearerProblem.NoToken : token.Contains(' ', StringComparison.Ordinal)
            ? BearerProblem.Malformed
            : BearerProblem.None;
    }
}
