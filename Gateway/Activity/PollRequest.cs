using System.Globalization;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Gateway.Api;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>The parameters of an activity poll, checked as the API text gives them.</summary>
public sealed record PollRequest(int Wait, DateTime? LastActivity, bool UpdatedOnly, ActivityFields? Fields)
{
    public const int MaxWaitSeconds = 95;

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
            if (TimeInputs.TryParse(lastText, out var utc, out var problem))
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
