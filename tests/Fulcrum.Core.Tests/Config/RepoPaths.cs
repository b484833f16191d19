namespace Fulcrum.Core.Tests.Config;

/// <summary>Files of the repository, found by walking up from the test binaries to Fulcrum.slnx.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string TestData(string name) => File("tests", "Fulcrum.Core.Tests", "Config", "TestData", name);

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Fulcrum.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Fulcrum.slnx not found above " + AppContext.BaseDirectory);
    }
}
