using System.Globalization;
using FastIo.Orleans.Events;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Search;
using Microsoft.Extensions.Primitives;

namespace FastIo.Orleans.Gateway.Events;

/// <summary>Which filter chose the profile a search runs in.</summary>
public enum SearchTarget
{
    User,
    Org,
    Workspace,
    Share,
    Parent,
}

/// <summary>
/// The query string of <c>GET /current/events/search/</c>, validated. Only the highest-priority profile
/// filter is applied (user_id, then org_id, workspace_id, share_id); <c>parent_event_id</c> stands alone.
/// </summary>
public sealed record SearchRequest(SearchTarget Target, string TargetId, EventQuery Query)
{
    public const int MaxEventNameLength = 100;
    public const int MaxLimit = 250;
    public const int DefaultLimit = 100;

    private static readonly string[] ProfileFilters = ["user_id", "org_id", "workspace_id", "share_id"];

    private static readonly string[] NotWithParent =
    [
        "user_id", "org_id", "workspace_id", "share_id", "event", "category", "subcategory", "calling_user_id",
        "object_id", "visibility", "created-min", "created-max",
    ];

    private static readonly string[] Known =
    [
        .. NotWithParent, "parent_event_id", "acknowledged", "limit", "offset",
    ];

    public static SearchRequest? Parse(IQueryCollection query, string callerId, List<ApiParam> problems,
        params string[] extraParameters)
    {
        string? Single(string name)
        {
            var values = query[name];
            if (values.Count > 1)
            {
                problems.Add(new ApiParam(name, "is given more than once"));
                return null;
            }

            var value = values.Count == 0 ? null : values[0];
            if (!StorableText.IsStorable(value))
            {
                problems.Add(new ApiParam(name, StorableText.Problem));
                return null;
            }

            return string.IsNullOrEmpty(value) ? null : value;
        }

        foreach (var (name, _) in query)
        {
            if (Array.IndexOf(Known, name) < 0 && Array.IndexOf(extraParameters, name) < 0)
            {
                problems.Add(new ApiParam(name, "is not a parameter of this endpoint"));
            }
        }

        var profiles = ProfileFilters.Select(name => (Name: name, Value: Single(name))).ToList();
        foreach (var (name, value) in profiles)
        {
            if (value is not null && !ProfileIds.IsValid(value))
            {
                problems.Add(new ApiParam(name, "must be a 20-digit profile ID"));
            }
        }

        var parent = Single("parent_event_id");
        if (parent is not null && !EventIds.IsWellFormed(parent))
        {
            problems.Add(new ApiParam("parent_event_id", "must be an event ID: 1 to 64 characters of A-Z a-z 0-9 _ -"));
        }

        if (parent is not null)
        {
            foreach (var name in NotWithParent.Where(n => !StringValues.IsNullOrEmpty(query[n])))
            {
                problems.Add(new ApiParam(name,
                    "cannot be combined with parent_event_id (only acknowledged, limit and offset can)"));
            }
        }

        var eventName = Single("event");
        if (eventName is { Length: > MaxEventNameLength })
        {
            problems.Add(new ApiParam("event", $"must be at most {MaxEventNameLength} characters"));
        }

        var category = Single("category");
        if (category is not null && !EventCatalog.Categories.Contains(category))
        {
            problems.Add(new ApiParam("category", "is not an event category"));
        }

        var subcategory = Single("subcategory");
        if (subcategory is not null && !EventCatalog.Subcategories.Contains(subcategory))
        {
            problems.Add(new ApiParam("subcategory", "is not an event subcategory"));
        }

        var callingUser = Single("calling_user_id");
        if (callingUser is not null && !ProfileIds.IsValid(callingUser))
        {
            problems.Add(new ApiParam("calling_user_id", "must be a 20-digit user ID"));
        }

        var objectId = Single("object_id");
        if (objectId is { Length: > 128 })
        {
            problems.Add(new ApiParam("object_id", "must be at most 128 characters"));
        }

        bool? acknowledged = Single("acknowledged") switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => Problem<bool>(problems, "acknowledged", "must be \"true\" or \"false\""),
        };

        EventVisibility? visibility = Single("visibility") switch
        {
            null => null,
            "external_audit_log" => EventVisibility.ExternalAuditLog,
            "external" => EventVisibility.External,
            _ => Problem<EventVisibility>(problems, "visibility", "must be \"external_audit_log\" or \"external\""),
        };

        var createdMin = ParseTime(Single("created-min"), "created-min", problems);
        var createdMax = ParseTime(Single("created-max"), "created-max", problems);
        if (createdMin is not null && createdMax is not null && createdMin >= createdMax)
        {
            problems.Add(new ApiParam("created-min", "must be earlier than created-max"));
        }

        var limit = ParseInt(Single("limit"), "limit", 1, MaxLimit, DefaultLimit, problems);
        var offset = ParseInt(Single("offset"), "offset", 0, int.MaxValue, 0, problems);

        var chosen = profiles.FirstOrDefault(p => p.Value is not null);
        if (chosen.Value is null && parent is null && problems.Count == 0)
        {
            problems.Add(new ApiParam("user_id",
                "one of user_id, org_id, workspace_id, share_id or parent_event_id is required"));
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var (target, targetId) = parent is not null
            ? (SearchTarget.Parent, parent)
            : (chosen.Name switch
            {
                "user_id" => SearchTarget.User,
                "org_id" => SearchTarget.Org,
                "workspace_id" => SearchTarget.Workspace,
                _ => SearchTarget.Share,
            }, chosen.Value!);

        return new SearchRequest(target, targetId, new EventQuery
        {
            CallerId = callerId,
            ParentEventId = parent,
            Event = eventName,
            Category = category,
            Subcategory = subcategory,
            CallingUserId = callingUser,
            ObjectId = objectId,
            Acknowledged = acknowledged,
            Visibility = visibility,
            CreatedMin = createdMin,
            CreatedMax = createdMax,
            Limit = limit,
            Offset = offset,
            ProfileKind = target switch
            {
                SearchTarget.User => ProfileKind.User,
                SearchTarget.Org => ProfileKind.Org,
                SearchTarget.Workspace => ProfileKind.Workspace,
                SearchTarget.Share => ProfileKind.Share,
                _ => null,
            },
        });
    }

    private static DateTime? ParseTime(string? value, string name, List<ApiParam> problems)
    {
        if (value is null)
        {
            return null;
        }

        if (TimeInputs.TryParse(value, out var utc, out var problem))
        {
            return utc;
        }

        problems.Add(new ApiParam(name, problem));
        return null;
    }

    private static int ParseInt(string? value, string name, int min, int max, int fallback, List<ApiParam> problems)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        problems.Add(new ApiParam(name, $"must be a whole number from {min} to {max}"));
        return fallback;
    }

    private static T? Problem<T>(List<ApiParam> problems, string name, string message)
        where T : struct
    {
        problems.Add(new ApiParam(name, message));
        return null;
    }
}
