using System.Text;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>Files that cannot be a config at all give exactly one clear error and never throw.</summary>
public sealed class WholeFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void Empty_file_is_one_error(string text)
    {
        ConfigDiagnostic error = SingleError(Load(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("the file is empty", error.Message);
        Assert.Equal($"{error.Source}: error: the file is empty", error.ToString());
    }

    [Fact]
    public void Binary_file_is_one_error()
    {
        byte[] elfHeader = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0];

        ConfigDiagnostic error = SingleError(Load(elfHeader));

        Assert.Equal("not a text file (it contains NUL bytes)", error.Message);
        Assert.Equal(0, error.Line);
    }

    [Fact]
    public void Invalid_utf8_is_one_error()
    {
        ConfigDiagnostic error = SingleError(Load([(byte)'a', (byte)':', (byte)' ', 0xC3, 0x28]));

        Assert.Equal("not a text file (it is not valid UTF-8)", error.Message);
    }

    [Fact]
    public void Yaml_syntax_error_is_one_error_at_its_position()
    {
        ConfigDiagnostic error = SingleError(ConfigLoader.Parse("cluster: web\nnodes: [lb1\nha:\n  vrid: 1\n", "bad.yaml"));

        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 8), (error.Line, error.Column));
    }

    [Fact]
    public void Unclosed_quote_is_one_error_at_its_position()
    {
        ConfigDiagnostic error = SingleError(ConfigLoader.Parse("cluster: \"web\n", "bad.yaml"));

        Assert.StartsWith("bad.yaml:", error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_over_one_mebibyte_is_refused_before_reading_it()
    {
        string path = Path.Combine(_directory, "huge.yaml");
        using (FileStream stream = File.Create(path))
        {
            stream.SetLength(10_000_000);
        }

        ConfigDiagnostic error = SingleError(ConfigLoader.Load(path));

        Assert.Equal("file is 10.0 MB; a Fulcrum config is at most 1 MiB", error.Message);
        Assert.Equal($"{path}: error: file is 10.0 MB; a Fulcrum config is at most 1 MiB", error.ToString());
    }

    [Fact]
    public void Missing_file_is_one_error()
    {
        ConfigDiagnostic error = SingleError(ConfigLoader.Load(Path.Combine(_directory, "nope.yaml")));

        Assert.Equal("file not found", error.Message);
    }

    [Fact]
    public void Directory_is_one_error()
    {
        ConfigDiagnostic error = SingleError(ConfigLoader.Load(_directory));

        Assert.Equal("is a directory, not a config file", error.Message);
    }

    [Fact]
    public void Second_yaml_document_is_one_error_at_the_separator()
    {
        ConfigDiagnostic error = SingleError(ConfigLoader.Parse("cluster: web\n---\ncluster: other\n", "two.yaml"));

        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Equal("a second YAML document starts here ('---'); a Fulcrum config is a single document", error.Message);
    }

    [Fact]
    public void A_list_at_the_top_level_is_one_error()
    {
        ConfigDiagnostic error = SingleError(ConfigLoader.Parse("- cluster: web\n", "list.yaml"));

        Assert.Equal("the top level of the file should be a mapping of 'key: value' lines, but it is a list", error.Message);
    }

    [Fact]
    public void Alias_is_rejected_at_its_position_without_cascading()
    {
        // An anchor alone is harmless; the alias that uses it is what is refused.
        string text = ConfigText.Valid
            .Replace("from: [198.51.100.0/24]", "from: &admins [198.51.100.0/24]", StringComparison.Ordinal)
            .Replace("allow: [tcp/80, tcp/443, udp/53]", "allow: *admins", StringComparison.Ordinal);

        ConfigDiagnostic error = SingleError(ConfigText.Parse(text));

        Assert.Equal("YAML aliases ('*admins') are not supported; write the value out in full", error.Message);
        Assert.Equal((41, 12), (error.Line, error.Column));
    }

    [Fact]
    public void Tags_are_rejected()
    {
        string text = ConfigText.Valid.Replace("vrid: 51", "vrid: !!int 51", StringComparison.Ordinal);

        ConfigDiagnostic error = SingleError(ConfigText.Parse(text));

        Assert.Equal("YAML tags ('!!int') are not used in a Fulcrum config; remove it", error.Message);
    }

    [Fact]
    public void Deep_nesting_is_one_error_not_a_stack_overflow()
    {
        string text = "cluster: " + new string('[', 1_000) + new string(']', 1_000) + "\n";

        ConfigDiagnostic error = SingleError(ConfigLoader.Parse(text, "deep.yaml"));

        Assert.Equal("the YAML is nested more than 64 levels deep", error.Message);
    }

    [Fact]
    public void Byte_order_mark_is_accepted()
    {
        byte[] text = [.. "\uFEFF"u8, .. Encoding.UTF8.GetBytes(ConfigText.Valid)];

        Assert.Empty(Load(text).Diagnostics);
    }

    private static ConfigDiagnostic SingleError(ConfigLoadResult result)
    {
        Assert.False(result.Succeeded);
        ConfigDiagnostic error = Assert.Single(result.Diagnostics);
        Assert.Equal(Severity.Error, error.Severity);
        return error;
    }

    private ConfigLoadResult Load(byte[] bytes)
    {
        string path = Path.Combine(_directory, "config.yaml");
        File.WriteAllBytes(path, bytes);
        return ConfigLoader.Load(path);
    }
}
