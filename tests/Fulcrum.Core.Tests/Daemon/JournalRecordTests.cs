using System.Text;
using Fulcrum.Core.Logging;
using Fulcrum.Daemon.Systemd;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Core.Tests.Daemon;

/// <summary>The journal's native protocol as Fulcrum writes it: field names, priorities, framing.</summary>
public sealed class JournalRecordTests
{
    [Theory]
    [InlineData("Instance", "FULCRUM_INSTANCE")]
    [InlineData("PrefixLength", "FULCRUM_PREFIX_LENGTH")]
    [InlineData("Priority", "FULCRUM_PRIORITY")]
    [InlineData("RetrySeconds", "FULCRUM_RETRY_SECONDS")]
    [InlineData("Sha256", "FULCRUM_SHA256")]
    [InlineData("some.thing", "FULCRUM_SOMETHING")]
    public void Parameter_names_become_prefixed_upper_case_fields(string parameter, string field) =>
        Assert.Equal(field, JournalRecord.FieldName(parameter));

    [Theory]
    [InlineData(LogLevel.Critical, 2)]
    [InlineData(LogLevel.Error, 3)]
    [InlineData(LogLevel.Warning, 4)]
    [InlineData(LogLevel.Information, 6)]
    [InlineData(LogLevel.Debug, 7)]
    public void Levels_map_to_syslog_priorities(LogLevel level, int priority) => Assert.Equal(priority, JournalRecord.Priority(level));

    [Fact]
    public void An_entry_carries_the_event_the_common_fields_and_every_parameter_with_its_own_fields()
    {
        KeyValuePair<string, object?>[] state =
        [
            new("Target", "http 192.168.20.11:80"),
            new("Servers", new TwoServers()),
            new("Priority", 100),
            new("{OriginalFormat}", "{Target} is down for {Servers}"),
        ];

        var fields = JournalRecord.Fields(
            LogLevel.Warning, "Fulcrum.Health", new EventId(5002, "ServerDown"), "http 192.168.20.11:80 is down", null, state,
            [new("FULCRUM_NODE", "lb1")]);

        Assert.Equal(
            [
                "MESSAGE=http 192.168.20.11:80 is down", "PRIORITY=4", "SYSLOG_IDENTIFIER=fulcrum", "FULCRUM_CATEGORY=Fulcrum.Health",
                "FULCRUM_EVENT_ID=5002", "FULCRUM_EVENT=ServerDown", "FULCRUM_NODE=lb1", "FULCRUM_TARGET=http 192.168.20.11:80",
                "FULCRUM_SERVERS=web/192.168.20.11:80, api/192.168.20.11:80", "FULCRUM_SERVICE=web", "FULCRUM_SERVICE=api",
                "FULCRUM_SERVER=192.168.20.11:80", "FULCRUM_PRIORITY=100",
            ],
            fields.Select(f => f.Key + "=" + f.Value));
    }

    [Fact]
    public void A_value_with_a_newline_is_framed_by_its_length_and_others_by_an_equals_sign()
    {
        byte[] datagram = JournalRecord.Serialize([new("MESSAGE", "two\nlines"), new("PRIORITY", "3")]);

        byte[] expected = [.. "MESSAGE\n"u8, 9, 0, 0, 0, 0, 0, 0, 0, .. "two\nlines\n"u8, .. "PRIORITY=3\n"u8];
        Assert.Equal(expected, datagram);
        Assert.Equal("PRIORITY=3\n", Encoding.ASCII.GetString(datagram[^11..]));
    }

    private sealed class TwoServers : ILogFields
    {
        public IEnumerable<KeyValuePair<string, string>> LogFields() =>
            [new("Service", "web"), new("Service", "api"), new("Server", "192.168.20.11:80")];

        public override string ToString() => "web/192.168.20.11:80, api/192.168.20.11:80";
    }
}
