using System.Globalization;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Gateway.Api;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>The parameters of an activity poll, checked as the API text gives them.</summary>
public sealed record PollRequest(int Wait, DateTime? LastActivity, bool UpdatedOnly, ActivityFields? Fields)
{
    public const int MaxWaitSeconds = 95;

    /// <summary>
    /// Commit times come from silo clocks, which may run a little ahead of this gateway's; a cursor further in the
    /// future than this was never handed out, and passed back it would hide every change until that time.
    /// </summary>
    private static readonly TimeSpan MaxCursorLead = TimeSpan.FromMinutes(5);

    /// <summary>Reads a <c>lastactivity</c> cursor (polls and sockets alike).</summary>
    public static bool TryParseLastActivity(string text, out DateTime utc, out string problem)
    {
        if (!TimeInputs.TryParse(text, out utc, out problem))
        {
            return false;
        }

        if (utc > DateTime.UtcNow + MaxCursorLead)
        {
            problem = "is in the future: pass back a lastactivity this API answered, or omit it";
            return false;
        }

        return true;
    }

    public static PollRequest? Parse(IQueryCollection query, List<ApiParam> problems)
    {
        var wait = 0;
        if (query.TryGetValue("wait", out var waitText) && !string.IsNullOrEmpty(waitText)
            && (!int.TryParse(waitText, NumberStyles.None, CultureInfo.InvariantCulture, out wait)
                || wait > MaxWaitSeconds))
        {
            problems.Add(new ApiParam("wait", $"must be a whole number of seconds from 0 to {MaxWaitSeconds}"));
        }

        DateTime? lastActivity = null;
        if (query.TryGetValue("lastactivity", out var lastText) && !string.IsNullOrEmpty(lastText))
        {
            if (TryParseLastActivity(lastText.ToString(), out var utc, out var problem))
            {
                lastActivity = utc;
            }
            else
            {
                problems.Add(new ApiParam("lastactivity", problem));
            }
        }

        ActivityFields? fields = null;
        if (query.TryGetValue("fields", out var fieldsText) && !string.IsNullOrEmpty(fieldsText))
        {
            if (ActivityFields.TryParse(fieldsText.ToString(), out var parsed, out var problem))
            {
                fields = parsed;
            }
            else
            {
                problems.Add(new ApiParam("fields", problem));
            }
        }

        return problems.Count > 0 ? null : new PollRequest(wait, lastActivity, query.ContainsKey("updated"), fields);
    }
}
