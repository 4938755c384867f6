namespace FastIo.Orleans.Profiles;

/// <summary>A user's standing in a profile. Ordered, so that "at least admin" is a comparison.</summary>
public enum ProfileRole
{
    None = 0,
    Member = 1,
    Admin = 2,
    Owner = 3,
}

public static class ProfileRoles
{
    public static bool TryParse(string? value, out ProfileRole role)
    {
        role = value switch
        {
            "member" => ProfileRole.Member,
            "admin" => ProfileRole.Admin,
            "owner" => ProfileRole.Owner,
            _ => ProfileRole.None,
        };
        return role != ProfileRole.None;
    }

    public static bool IsAdmin(this ProfileRole role) => role >= ProfileRole.Admin;
}
