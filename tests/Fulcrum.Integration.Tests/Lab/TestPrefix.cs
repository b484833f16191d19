using System.Security.Cryptography;

namespace Fulcrum.Integration.Tests.Lab;

/// <summary>Lab prefixes for tests: "ft" + 3 random characters + "-", so parallel runs never share names.</summary>
internal static class TestPrefix
{
    public const string Start = "ft";
    public const int RandomLength = 3;

    public static string New() =>
        Start + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", RandomLength) + "-";

    public static bool IsTestPrefix(string prefix) =>
        prefix.Length == Start.Length + RandomLength + 1
        && prefix.StartsWith(Start, StringComparison.Ordinal)
        && prefix.EndsWith('-');
}
