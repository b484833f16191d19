using Fulcrum.Core.Tests.Config;

namespace Fulcrum.Core.Tests.Cli;

/// <summary>
/// Golden files under tests/Fulcrum.Core.Tests/Cli/Golden: the exact expected output. With
/// FULCRUM_UPDATE_GOLDEN=1 a test writes what it got instead (review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual)
    {
        string path = RepoPaths.File("tests", "Fulcrum.Core.Tests", "Cli", "Golden", name);
        if (Environment.GetEnvironmentVariable("FULCRUM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing (run with FULCRUM_UPDATE_GOLDEN=1 to create it)");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
