namespace FastIo.Orleans.Profiles;

/// <summary>Profile IDs (user, org, workspace, share) are 20-digit numeric strings.</summary>
public static class ProfileIds
{
    public const int Length = 20;

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
