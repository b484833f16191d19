using System.Text;
using Xunit.Abstractions;

namespace Fulcrum.Integration.Tests.Guest;

/// <summary>ITestOutputHelper inside the guest: kept for the result, and echoed to the run's output as it happens.</summary>
internal sealed class GuestTestOutput : ITestOutputHelper
{
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public void WriteLine(string message)
    {
        lock (_text)
        {
            _text.AppendLine(message);
        }

        Console.WriteLine("   | " + message.Replace("\n", "\n   | ", StringComparison.Ordinal));
    }

    public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
}
