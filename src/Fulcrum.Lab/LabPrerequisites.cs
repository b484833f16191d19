namespace Fulcrum.Lab;

/// <summary>What the lab needs from the machine: root, and a few programs (with the Debian package of each).</summary>
public static class LabPrerequisites
{
    private static readonly (string Program, string Package)[] ForInspection = [("ip", "iproute2")];

    private static readonly (string Program, string Package)[] ForBuilding =
        [("ip", "iproute2"), ("ss", "iproute2"), ("nginx", "nginx-light"), ("sysctl", "procps"), ("openssl", "openssl")];

    /// <summary>Problems that prevent <see cref="NetworkLab.UpAsync"/>; empty when there are none.</summary>
    public static IReadOnlyList<string> CheckForUp() => Check(ForBuilding);

    /// <summary>Problems that prevent <see cref="NetworkLab.DownAsync"/> and <see cref="NetworkLab.StatusAsync"/>.</summary>
    public static IReadOnlyList<string> CheckForDownOrStatus() => Check(ForInspection);

    /// <summary>Throws a <see cref="LabException"/> listing every problem, if any.</summary>
    public static void Ensure(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new LabException(string.Join(Environment.NewLine, problems));
        }
    }

    private static List<string> Check((string Program, string Package)[] tools)
    {
        var problems = new List<string>();
        if (!Environment.IsPrivilegedProcess)
        {
            problems.Add("the lab needs root (it creates network namespaces): run it as root or with sudo");
        }

        foreach (var (program, package) in tools)
        {
            if (ToolPath.Find(program) is null)
            {
                problems.Add($"'{program}' is not installed: apt-get install -y {package}");
            }
        }

        return problems;
    }
}
