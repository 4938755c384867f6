using FastIo.Orleans.Replay.Activity;

namespace FastIo.Orleans.Replay.Replay;

/// <summary>
/// Finds the real hour where the project keeps it: beside the repository, in <c>../shared/data/</c>. The
/// repository root is the nearest folder holding the solution or <c>.git</c>, from the working directory
/// or from the tool's own location.
/// </summary>
public static class DataFile
{
    public static string DefaultPath()
    {
        var root = FindRepositoryRoot(Directory.GetCurrentDirectory())
            ?? FindRepositoryRoot(AppContext.BaseDirectory)
            ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "data", ArchiveHourReader.DefaultFileName));
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "FastIo.Orleans.sln"))
                || Directory.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
