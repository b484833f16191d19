namespace Fulcrum.Core.Logging;

/// <summary>
/// A value passed to a log message that also names fields of its own, so a structured sink (the
/// systemd journal) can index them: a health transition's list of servers gives each SERVICE and
/// SERVER, while the text log shows the value's <see cref="object.ToString"/>. Names are in the
/// style of a message template's parameters (<c>Service</c>, <c>Server</c>); a name may repeat.
/// </summary>
public interface ILogFields
{
    /// <summary>The value's own fields, as (name, value) pairs.</summary>
    IEnumerable<KeyValuePair<string, string>> LogFields();
}
