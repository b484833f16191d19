using System.Text.Json;
using Fulcrum.Core.Config.Reading;

namespace Fulcrum.Core.Tests.Config;

/// <summary>The JSON Schema for editors and the loader must accept the same keys.</summary>
public sealed class SchemaTests
{
    private static readonly JsonDocument Schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.File("schema", "fulcrum.schema.json")));

    public static TheoryData<string> Mappings => [.. ConfigKeys.BySchemaDefinition.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Schema_is_draft_2020_12_json()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", Schema.RootElement.GetProperty("$schema").GetString());
        Assert.False(Schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Mappings))]
    public void Schema_and_loader_know_the_same_keys(string definition)
    {
        JsonElement mapping = definition == "root"
            ? Schema.RootElement
            : Schema.RootElement.GetProperty("$defs").GetProperty(definition);

        string[] schemaKeys = [.. mapping.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
        string[] loaderKeys = [.. ConfigKeys.BySchemaDefinition[definition].Order(StringComparer.Ordinal)];

        Assert.Equal(loaderKeys, schemaKeys);
        Assert.False(mapping.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Every_reference_in_the_schema_resolves()
    {
        JsonElement definitions = Schema.RootElement.GetProperty("$defs");
        var references = new List<string>();
        CollectReferences(Schema.RootElement, references);

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.True(definitions.TryGetProperty(r["#/$defs/".Length..], out _), r));
    }

    private static void CollectReferences(JsonElement element, List<string> references)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        references.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        CollectReferences(property.Value, references);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    CollectReferences(item, references);
                }

                break;
        }
    }
}
