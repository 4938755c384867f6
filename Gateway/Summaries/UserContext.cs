using System.Text;
using FastIo.Orleans.Gateway.Api;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// The <c>user_context</c> parameter: focus guidance for a summary. At most 64 characters of letters,
/// numbers, spaces and <c>. , ! ? ' -</c>; the narrow alphabet leaves no room for markup, quotes that end
/// a string, or line breaks that start a new instruction. It is still handed to a generator as data.
/// </summary>
public static class UserContext
{
    public const string Parameter = "user_context";
    public const int MaxLength = 64;

    /// <summary>The guidance, trimmed ("" when absent); null with a problem when it breaks the rules.</summary>
    public static string? Parse(IQueryCollection query, out ApiParam? problem)
    {
        problem = null;
        var values = query[Parameter];
        if (values.Count > 1)
        {
            problem = new ApiParam(Parameter, "is given more than once");
            return null;
        }

        var value = values.Count == 0 ? string.Empty : values[0] ?? string.Empty;
        if (Validate(value) is { } message)
        {
            problem = new ApiParam(Parameter, message);
            return null;
        }

        return value.Trim();
    }

    /// <summary>Why the value breaks the rules, or null when it keeps them.</summary>
    public static string? Validate(string value)
    {
        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            length++;
            if (!Allowed(rune))
            {
                return "may hold only letters, numbers, spaces and . , ! ? ' -";
            }
        }

        return length > MaxLength ? $"must be at most {MaxLength} characters" : null;
    }

    private static bool Allowed(Rune rune) =>
        Rune.IsLetter(rune) || Rune.IsDigit(rune) || rune.Value is ' ' or '.' or ',' or '!' or '?' or '\'' or '-';
}
