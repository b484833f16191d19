namespace Fulcrum.Core.Config.Reading;

/// <summary>Parses one scalar's text, or explains in words why it cannot.</summary>
internal delegate bool TextParser<T>(string text, out T value, out string error);
