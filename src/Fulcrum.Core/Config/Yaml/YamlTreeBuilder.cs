using System.Text.RegularExpressions;
using Fulcrum.Core.Config.Reading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Fulcrum.Core.Config.Yaml;

/// <summary>
/// Builds a <see cref="YamlValue"/> tree from YamlDotNet's parser events. We do not use
/// <c>YamlStream</c> because it throws on the first duplicate key, and a config reader must
/// report every mistake at once; building the tree ourselves also lets us reject aliases
/// (no alias-expansion blow-up) and tags at their exact position.
/// </summary>
internal sealed partial class YamlTreeBuilder
{
    // Deeper than any real config; stops "[[[[..." from exhausting the stack.
    private const int MaxDepth = 64;

    private readonly Parser _parser;
    private readonly DiagnosticBag _diagnostics;
    private bool _tooDeep;

    private YamlTreeBuilder(string text, DiagnosticBag diagnostics)
    {
        _parser = new Parser(new StringReader(text));
        _diagnostics = diagnostics;
    }

    /// <summary>The root node, or null after reporting a whole-file problem.</summary>
    public static YamlValue? Build(string text, DiagnosticBag diagnostics) => new YamlTreeBuilder(text, diagnostics).Build();

    private YamlValue? Build()
    {
        try
        {
            _parser.Consume<StreamStart>();
            if (_parser.Accept<StreamEnd>(out _))
            {
                _diagnostics.FileError("the file is empty");
                return null;
            }

            _parser.Consume<DocumentStart>();
            YamlValue root = ReadValue(depth: 0);
            if (_tooDeep)
            {
                return null;
            }

            _parser.Consume<DocumentEnd>();
            if (_parser.Accept<DocumentStart>(out DocumentStart? second))
            {
                _diagnostics.Error(
                    SourceMark.From(second.Start),
                    "a second YAML document starts here ('---'); a Fulcrum config is a single document");
                return null;
            }

            if (root is YamlScalar { IsNull: true })
            {
                _diagnostics.FileError("the file is empty");
                return null;
            }

            return root;
        }
        catch (YamlException exception)
        {
            _diagnostics.Error(SourceMark.From(exception.Start), "YAML syntax error: " + CleanMessage(exception.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) on some malformed input, such
            // as an unclosed flow list followed by more keys; point at the last event it read.
            SourceMark near = _parser.Current is { } last ? SourceMark.From(last.Start) : new SourceMark(1, 1);
            _diagnostics.Error(near, "YAML syntax error: malformed YAML after this point (an unclosed '[', '{' or quote?)");
            return null;
        }
    }

    private YamlValue ReadValue(int depth)
    {
        if (_parser.Current is AnchorAlias alias)
        {
            _parser.MoveNext();
            var at = SourceMark.From(alias.Start);
            _diagnostics.Error(at, $"YAML aliases ('*{alias.Value}') are not supported; write the value out in full");
            return new YamlRejected(at);
        }

        if (depth >= MaxDepth)
        {
            var deep = SourceMark.From(_parser.Current!.Start);
            _diagnostics.Error(deep, $"the YAML is nested more than {MaxDepth} levels deep");
            _tooDeep = true;
            _parser.SkipThisAndNestedEvents();
            return new YamlRejected(deep);
        }

        NodeEvent node = _parser.Consume<NodeEvent>();
        var start = SourceMark.From(node.Start);
        if (!node.Tag.IsEmpty)
        {
            _diagnostics.Error(start, $"YAML tags ('{ShortTag(node.Tag.Value)}') are not used in a Fulcrum config; remove it");
        }

        return node switch
        {
            Scalar scalar => new YamlScalar(start, scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any),
            SequenceStart => ReadSequence(start, depth),
            MappingStart => ReadMapping(start, depth),
            _ => throw new YamlException(node.Start, node.End, "unexpected " + node.GetType().Name),
        };
    }

    private YamlSequence ReadSequence(SourceMark start, int depth)
    {
        var items = new List<YamlValue>();
        while (!_tooDeep && !_parser.TryConsume<SequenceEnd>(out _))
        {
            items.Add(ReadValue(depth + 1));
        }

        return new YamlSequence(start, items);
    }

    private YamlMapping ReadMapping(SourceMark start, int depth)
    {
        var entries = new List<YamlEntry>();
        while (!_tooDeep && !_parser.TryConsume<MappingEnd>(out _))
        {
            YamlValue key = ReadValue(depth + 1);
            YamlValue value = ReadValue(depth + 1);
            switch (key)
            {
                case YamlScalar scalarKey:
                    entries.Add(new YamlEntry(scalarKey, value));
                    break;
                case YamlRejected:
                    break;
                default:
                    _diagnostics.Error(key.Start, $"a key must be a single word, not {key.Description}");
                    break;
            }
        }

        return new YamlMapping(start, entries);
    }

    /// <summary>Shows standard tags as written (<c>!!int</c>), not expanded.</summary>
    private static string ShortTag(string tag) =>
        tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? "!!" + tag["tag:yaml.org,2002:".Length..] : tag;

    /// <summary>
    /// YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the diagnostic
    /// already carries the position, so drop it, and the trailing period.
    /// </summary>
    private static string CleanMessage(string message)
    {
        string text = PositionPrefix().Replace(message, "").Trim().TrimEnd('.');
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : "the YAML is malformed";
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
