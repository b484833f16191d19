using System.Globalization;
using Fulcrum.Lab;

namespace Fulcrum.Integration.Tests.Lab;

/// <summary>
/// The safety net for labs of crashed test runs: each test lab's prefix is claimed with the test host's
/// pid before the lab is built, and labs whose claiming process is gone are torn down by the next run.
/// A prefix held by a live process (a parallel run) is left alone.
/// </summary>
internal static class TestLabOwners
{
    private const string OwnersDirectory = "/run/fulcrum-lab-tests";

    public static void Claim(string prefix)
    {
        Directory.CreateDirectory(OwnersDirectory);
        File.WriteAllText(OwnerFile(prefix), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    public static void Release(string prefix)
    {
        File.Delete(OwnerFile(prefix));
        try
        {
            if (!Directory.EnumerateFileSystemEntries(OwnersDirectory).Any())
            {
                Directory.Delete(OwnersDirectory);
            }
        }
        catch (IOException)
        {
            // A parallel run has just claimed a prefix.
        }
    }

    public static async Task SweepAbandonedAsync()
    {
        if (!Directory.Exists(OwnersDirectory))
        {
            return;
        }

        var processes = new LinuxProcessControl();
        foreach (var file in Directory.EnumerateFiles(OwnersDirectory, "*.owner"))
        {
            var prefix = Path.GetFileNameWithoutExtension(file);
            var owner = int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : 0;
            if (TestPrefix.IsTestPrefix(prefix) && (owner <= 0 || !processes.IsRunning(owner)))
            {
                await NetworkLab.Create(LabTopology.Create(prefix)).DownAsync();
                Release(prefix);
            }
        }
    }

    private static string OwnerFile(string prefix) => Path.Combine(OwnersDirectory, prefix + ".owner");
}
