namespace FastIo.Orleans.Events;

/// <summary>Who may ever see an event. Stored as its number, so the order is part of the schema.</summary>
public enum EventVisibility : short
{
    Internal = 0,
    ExternalAuditLog = 1,
    External = 2,
}

/// <summary>Which members of a profile may see an event. Stored as its number.</summary>
public enum EventPermission : short
{
    Member = 0,
    Admin = 1,
    Targeted = 2,
}

public static class EventLevels
{
    public static string ToApiValue(this EventVisibility visibility) => visibility switch
    {
        EventVisibility.Internal => "internal",
        EventVisibility.ExternalAuditLog => "external_audit_log",
        _ => "external",
    };

    public static string ToApiValue(this EventPermission permission) => permission switch
    {
        EventPermission.Admin => "admin",
        EventPermission.Targeted => "targeted",
        _ => "member",
    };

    public static bool TryParseVisibility(string? value, out EventVisibility visibility)
    {
        visibility = value switch
        {
            "internal" => EventVisibility.Internal,
            "external_audit_log" => EventVisibility.ExternalAuditLog,
            "external" => EventVisibility.External,
            _ => (EventVisibility)(-1),
        };
        return (short)visibility >= 0;
    }

    public static bool TryParsePermission(string? value, out EventPermission permission)
    {
        permission = value switch
        {
            "member" => EventPermission.Member,
            "admin" => EventPermission.Admin,
            "targeted" => EventPermission.Targeted,
            _ => (EventPermission)(-1),
        };
        return (short)permission >= 0;
    }
}
